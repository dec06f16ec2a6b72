import { existsSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import type { ts as TS } from 'ts-morph';
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
