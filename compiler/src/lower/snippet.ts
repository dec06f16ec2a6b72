import { existsSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import type { ts as TS } from 'ts-morph';
import { parse as parseModule } from 'acorn';
import { codeNoDefaultExport, codeSyntax, codeUnresolvedImport, type Log } from '../diagnostics/messages.ts';

/** A problem in snippet code; `line` and `column` are 1-based and point into the code. */
export interface SnippetProblem {
  readonly log: Log;
  readonly line: number;
  readonly column: number;
}

let ts: typeof TS | undefined;

/** The TypeScript compiler that ts-morph carries, loaded only when a build has JS/TS snippets. */
function typescript(): typeof TS {
  return (ts ??= (createRequire(import.meta.url)('ts-morph') as { ts: typeof TS }).ts);
}

/**
 * What would make a JS/TS snippet fail when the program starts, found at build time (the code has
 * already parsed): a default export that is not a function, a regular expression literal the engine
 * refuses, an import that cannot be resolved from the spec file's folder. Nothing is evaluated.
 */
export function inspectSnippet(source: string, loader: 'js' | 'ts', resolveDir: string): SnippetProblem[] {
  const t = typescript();
  const file = t.createSourceFile(`snippet.${loader}`, source, t.ScriptTarget.Latest, true, loader === 'ts' ? t.ScriptKind.TS : t.ScriptKind.JS);
  const problems: SnippetProblem[] = [];
  const at = (node: TS.Node, log: Log): void => {
    const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
    problems.push({ log, line: line + 1, column: character + 1 });
  };
  const imports: Array<{ specifier: string; node: TS.Node }> = [];
  const visit = (node: TS.Node): void => {
    if (t.isRegularExpressionLiteral(node)) {
      const problem = regexProblem(node.text);
      if (problem) at(node, codeSyntax(loader, `invalid regular expression ${node.text}: ${problem}`));
    } else if ((t.isImportDeclaration(node) || t.isExportDeclaration(node)) && node.moduleSpecifier && t.isStringLiteral(node.moduleSpecifier)) {
      if (!(t.isImportDeclaration(node) && node.importClause?.isTypeOnly) && !(t.isExportDeclaration(node) && node.isTypeOnly)) imports.push({ specifier: node.moduleSpecifier.text, node: node.moduleSpecifier });
    } else if (t.isCallExpression(node) && node.arguments.length === 1 && t.isStringLiteral(node.arguments[0]!)) {
      const callee = node.expression;
      if (callee.kind === t.SyntaxKind.ImportKeyword || (t.isIdentifier(callee) && callee.text === 'require')) imports.push({ specifier: node.arguments[0].text, node: node.arguments[0] });
    }
    t.forEachChild(node, visit);
  };
  visit(file);
  for (const { specifier, node } of imports) {
    const missing = unresolved(specifier, resolveDir);
    if (missing) at(node, codeUnresolvedImport(specifier, missing));
  }
  const exported = defaultExport(t, file);
  if (exported && exported.kind !== 'function') at(exported.node, codeNoDefaultExport(exported.kind));
  return problems;
}

/**
 * Whether a JavaScript snippet is certainly clean, decided in one acorn parse: it is a valid ES module, its
 * default export is plainly a function, every import resolves and V8 accepts every regular expression literal.
 * A build of thousands of snippets takes this path; anything it cannot vouch for (a syntax error, an unusual
 * export, a missing import) goes through esbuild and `inspectSnippet`, which word the diagnostics.
 */
export function isCleanJavaScript(source: string, resolveDir: string): boolean {
  let program: EsNode;
  try {
    program = parseModule(source, { ecmaVersion: 'latest', sourceType: 'module' }) as unknown as EsNode;
  } catch {
    return false;
  }
  const body = program.body as EsNode[];
  const local = new Map<string, EsNode | undefined>();
  let exported: EsNode | undefined;
  for (const statement of body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? (statement.declaration as EsNode | null) ?? statement : statement;
    if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) local.set(name(declaration.id), declaration);
    if (declaration.type === 'VariableDeclaration') {
      for (const d of declaration.declarations as EsNode[]) if ((d.id as EsNode).type === 'Identifier') local.set(name(d.id), (d.init as EsNode | null) ?? undefined);
    }
    if (statement.type === 'ImportDeclaration') for (const s of statement.specifiers as EsNode[]) local.set(name(s.local), s);
    if (statement.type === 'ExportDefaultDeclaration') exported = statement.declaration as EsNode;
    if (statement.type === 'ExportNamedDeclaration' && !statement.source) {
      const spec = (statement.specifiers as EsNode[]).find((s) => name(s.exported) === 'default');
      if (spec) exported = spec.local as EsNode;
    }
  }
  if (!exported || !isFunction(exported, local)) return false;
  let clean = true;
  walk(program, (node) => {
    if (node.type === 'Literal' && node.regex) {
      const { pattern, flags } = node.regex as { pattern: string; flags: string };
      if (regexProblem(`/${pattern}/${flags}`)) clean = false;
    }
    const specifier = importedSpecifier(node);
    if (specifier !== undefined && unresolved(specifier, resolveDir)) clean = false;
  });
  return clean;
}

/** An ESTree node as acorn builds it. */
interface EsNode {
  readonly type: string;
  readonly [key: string]: unknown;
}

const name = (node: unknown): string => {
  const n = node as EsNode;
  return n.type === 'Identifier' ? (n.name as string) : String(n.value);
};

function isFunction(node: EsNode, local: ReadonlyMap<string, EsNode | undefined>, depth = 0): boolean {
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassDeclaration':
    case 'ClassExpression':
      return true;
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
      return true; // what an import holds cannot be told; `inspectSnippet` lets it pass too
    case 'Identifier': {
      const target = local.get(node.name as string);
      return target !== undefined && depth < 8 && isFunction(target, local, depth + 1);
    }
    default:
      return false;
  }
}

/** The module a node imports or requires with a string literal, if it does. */
function importedSpecifier(node: EsNode): string | undefined {
  const literal = (n: unknown): string | undefined => {
    const l = n as EsNode | null | undefined;
    return l && l.type === 'Literal' && typeof l.value === 'string' ? l.value : undefined;
  };
  if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') return literal(node.source);
  if (node.type === 'ImportExpression') return literal(node.source);
  if (node.type === 'CallExpression') {
    const callee = node.callee as EsNode;
    const args = node.arguments as EsNode[];
    if (callee.type === 'Identifier' && callee.name === 'require' && args.length === 1) return literal(args[0]);
  }
  return undefined;
}

function walk(node: EsNode, visit: (node: EsNode) => void): void {
  visit(node);
  for (const key in node) {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === 'object' && typeof (item as EsNode).type === 'string') walk(item as EsNode, visit);
    } else if (value !== null && typeof value === 'object' && typeof (value as EsNode).type === 'string') walk(value as EsNode, visit);
  }
}

/** Why V8 refuses `/body/flags`, or undefined when it accepts it. */
function regexProblem(literal: string): string | undefined {
  const slash = literal.lastIndexOf('/');
  try {
    new RegExp(literal.slice(1, slash), literal.slice(slash + 1));
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  }
}

/** What the module exports as default, as far as the code says; undefined when it exports nothing or cannot tell. */
function defaultExport(t: typeof TS, file: TS.SourceFile): { kind: string; node: TS.Node } | undefined {
  const local = new Map<string, TS.Node | undefined>();
  for (const statement of file.statements) {
    if (t.isFunctionDeclaration(statement) && statement.name) local.set(statement.name.text, statement);
    if (t.isClassDeclaration(statement) && statement.name) local.set(statement.name.text, statement);
    if (t.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) if (t.isIdentifier(d.name)) local.set(d.name.text, d.initializer);
    }
  }
  const classify = (expr: TS.Node | undefined, depth = 0): string => {
    if (!expr || depth > 8) return 'function';
    if (t.isParenthesizedExpression(expr) || t.isAsExpression(expr) || t.isSatisfiesExpression(expr)) return classify(expr.expression, depth);
    if (t.isFunctionDeclaration(expr) || t.isFunctionExpression(expr) || t.isArrowFunction(expr) || t.isClassDeclaration(expr) || t.isClassExpression(expr)) return 'function';
    if (t.isNumericLiteral(expr) || t.isBigIntLiteral(expr)) return 'a number';
    if (t.isStringLiteral(expr) || t.isNoSubstitutionTemplateLiteral(expr) || t.isTemplateExpression(expr)) return 'a string';
    if (t.isObjectLiteralExpression(expr)) return 'an object';
    if (t.isArrayLiteralExpression(expr)) return 'a list';
    if (expr.kind === t.SyntaxKind.TrueKeyword || expr.kind === t.SyntaxKind.FalseKeyword) return 'a boolean';
    if (expr.kind === t.SyntaxKind.NullKeyword) return 'null';
    if (t.isIdentifier(expr)) {
      if (expr.text === 'undefined') return 'undefined';
      // A name declared in the module: judge what it holds. Anything else (an import) cannot be told.
      return local.has(expr.text) ? classify(local.get(expr.text), depth + 1) : 'function';
    }
    return 'function';
  };
  for (const statement of file.statements) {
    if (t.isExportAssignment(statement)) return { kind: classify(statement.expression), node: statement.expression };
    if (t.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && t.isNamedExports(statement.exportClause)) {
      const spec = statement.exportClause.elements.find((e) => e.name.text === 'default');
      if (spec) return { kind: classify(spec.propertyName ?? spec.name), node: spec };
    }
    // module.exports = …
    if (t.isExpressionStatement(statement) && t.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === t.SyntaxKind.EqualsToken) {
      const target = statement.expression.left.getText(file);
      if (target === 'module.exports' || target === 'exports.default') return { kind: classify(statement.expression.right), node: statement.expression.right };
    }
  }
  return undefined;
}

const BUILTINS = new Set(builtinModules);
/** esbuild's default resolve extensions, in its order. */
const EXTENSIONS = ['', '.tsx', '.ts', '.jsx', '.js', '.mjs', '.cjs', '.json'];

/** Why `specifier` cannot be resolved from `dir` as the bundler will, or undefined when it can. */
function unresolved(specifier: string, dir: string): string | undefined {
  if (specifier.startsWith('node:') || BUILTINS.has(specifier)) return undefined;
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const base = resolve(dir, specifier);
    const candidates = [...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.slice(1).map((ext) => join(base, `index${ext}`))];
    return candidates.some((c) => existsSync(c) && statSync(c).isFile()) ? undefined : `no file ${specifier} (with .ts, .js, .json… or an index) next to the spec`;
  }
  try {
    createRequire(join(dir, 'noop.js')).resolve(specifier);
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code;
    // Exists, but exports no CommonJS entry for this path: the bundler resolves it with the import conditions.
    if (code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
    return `no package \`${packageName(specifier)}\` in a node_modules folder above the spec file`;
  }
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
