import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Project, StatementStructures } from 'ts-morph';
import type { Graph, GraphNode } from '../resolve/graph.ts';
import type { CodeModule, LoweredFields } from '../lower/fields.ts';
import type { CompileCache } from '../cache.ts';
import { definitionModuleSource } from './definitions.ts';
import { identifierFor, literal } from './literal.ts';
import type { ObserveFeature } from '../api/types.ts';

/** The generated TypeScript program: one entry module plus one module per code field. */
export interface EmittedProgram {
  readonly namespace: string;
  /** Content hash of everything that defines the program's behaviour. */
  readonly hash: string;
  readonly entry: string;
  /** Relative specifier (as imported by the entry, e.g. `./snippets/pong.ts`) → module. */
  readonly modules: ReadonlyMap<string, CodeModule>;
  /** Kind implementations imported by package name, and the folder each resolves from (extensions). */
  readonly resolveDirs: ReadonlyMap<string, string>;
  /** Definition modules of the kinds in use (file → source of their data), which bundles load instead. */
  readonly definitions: ReadonlyMap<string, string>;
}

const RUNTIME = '@flowc/runtime';

/**
 * Writes the program as TypeScript: imports of the kinds in use, one declaration per node (with the
 * place it was written), then every connection. Built in one call from structures: incremental
 * ts-morph edits re-parse the file each time.
 */
export function emitProgram(graph: Graph, namespace: string, nodes: readonly GraphNode[], lowered: ReadonlyMap<string, LoweredFields>, cache?: CompileCache, observe: readonly ObserveFeature[] = []): EmittedProgram {
  const taken = new Set<string>(['program', 'tpl', 'main', 'Program']);
  const ids = new Map<string, string>();
  const kindImports = new Map<string, string>();
  const resolveDirs = new Map<string, string>();
  const definitions = new Map<string, string>();
  const modules = new Map<string, CodeModule>();
  const moduleImports: Array<{ name: string; specifier: string }> = [];
  const declarations: StatementStructures[] = [];
  const keep = new Set(nodes.map((n) => n.key));

  for (const node of nodes) {
    const kind = node.kind;
    if (kindImports.has(kind.implementation)) continue;
    kindImports.set(kind.implementation, identifierFor(`${kind.definition.kind}Kind`, taken));
    if (kind.resolveDir !== undefined) resolveDirs.set(kind.implementation, kind.resolveDir);
    if (kind.definitionModule && !definitions.has(kind.definitionModule.file)) definitions.set(kind.definitionModule.file, definitionModuleSource(kind.definitionModule));
  }
  for (const node of nodes) ids.set(node.key, identifierFor(node.key, taken));

  for (const node of nodes) {
    const id = ids.get(node.key)!;
    const low = lowered.get(node.key)!;
    const refs = new Map<unknown, string>();
    const moduleFields: Record<string, unknown> = {};
    for (const [field, module] of Object.entries(low.modules)) {
      if ('constant' in module) {
        moduleFields[field] = module.constant;
        continue;
      }
      const name = identifierFor(`${node.key}_${field}`, taken).replace(/^n_/, 'code_');
      const specifier = `./snippets/${name.slice('code_'.length)}.${module.loader}`;
      modules.set(specifier, module);
      moduleImports.push({ name, specifier });
      refs.set(module, name);
      moduleFields[field] = module;
    }
    const at = node.resource.locate(node.base);
    const props = [
      `id: ${JSON.stringify(node.id)}`,
      `name: ${JSON.stringify(node.key)}`,
      `loc: ${JSON.stringify(`${at.file}:${at.line}:${at.column}`)}`,
      `kind: ${kind(node)}`,
      `fields: ${literal(low.fields)}`,
    ];
    if (Object.keys(moduleFields).length > 0) props.push(`modules: ${literal(moduleFields, refs)}`);
    if (low.env !== undefined) props.push(`env: ${literal(low.env)}`);
    if (Object.keys(node.indexed).length > 0) props.push(`indexed: ${literal(node.indexed)}`);
    declarations.push({
      kind: tsMorph().StructureKind.VariableStatement,
      declarationKind: tsMorph().VariableDeclarationKind.Const,
      leadingTrivia: `// ${node.kind.definition.kind} \`${node.key}\` (${at.file}:${at.line}:${at.column})\n`,
      declarations: [{ name: id, initializer: `program.node({\n  ${props.join(',\n  ')},\n})` }],
    });
  }

  const wiring = graph.edges
    .filter((e) => keep.has(e.from.node) && keep.has(e.to.node))
    .map((e) => `program.connect(${ids.get(e.from.node)}.${e.from.side === 'hook' ? 'output' : e.from.side}(${JSON.stringify(e.from.port)}), ${ids.get(e.to.node)}.${e.to.side}(${JSON.stringify(e.to.port)}));`);

  const hash = createHash('sha256')
    .update(JSON.stringify({ namespace, declarations: declarations.map((d) => JSON.stringify(d)), wiring }))
    .update(JSON.stringify([...modules].map(([s, m]) => [s, m.contents])))
    .update(JSON.stringify(kindVersions(nodes)))
    .digest('hex')
    .slice(0, 16);

  const head = print([
    { kind: tsMorph().StructureKind.ImportDeclaration, moduleSpecifier: `${RUNTIME}/core/program`, namedImports: ['Program'] },
    { kind: tsMorph().StructureKind.ImportDeclaration, moduleSpecifier: `${RUNTIME}/core/binding`, namedImports: ['tpl'] },
    { kind: tsMorph().StructureKind.ImportDeclaration, moduleSpecifier: `${RUNTIME}/core/main`, namedImports: ['main'] },
    ...[...kindImports]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([module, name]): StatementStructures => ({ kind: tsMorph().StructureKind.ImportDeclaration, moduleSpecifier: module, defaultImport: name })),
    ...moduleImports.map((m): StatementStructures => ({ kind: tsMorph().StructureKind.ImportDeclaration, moduleSpecifier: m.specifier, namespaceImport: m.name })),
    `\nconst program = new Program({ namespace: ${JSON.stringify(namespace)}, hash: ${JSON.stringify(hash)} });\n`,
  ]);
  const entry = [
    `// Generated by flowc from namespace \`${namespace}\`. Do not edit: edit the specs and rebuild.\n`,
    ...head,
    '\n',
    ...printCached(declarations, cache),
    '\n// wiring\n',
    ...wiring.map((line) => `${line}\n`),
    `\nexport default program;\nmain(program, import.meta.url${features(observe)});\n`,
  ].join('');
  return { namespace, hash, entry, modules, resolveDirs, definitions };

  function kind(node: GraphNode): string {
    return kindImports.get(node.kind.implementation)!;
  }
}

/** Telemetry modules, imported lazily: in the bundle, each is evaluated only when it is turned on. */
const FEATURE_MODULES: Record<ObserveFeature, string> = {
  logs: `${RUNTIME}/log/pino`,
  metrics: `${RUNTIME}/telemetry/metrics`,
  tracing: `${RUNTIME}/telemetry/tracing`,
};

function features(observe: readonly ObserveFeature[]): string {
  if (observe.length === 0) return '';
  const wanted = [...new Set(observe)].sort();
  return `, { ${wanted.map((f) => `${f}: () => import(${JSON.stringify(FEATURE_MODULES[f])})`).join(', ')} }`;
}

/** Extensions change without the specs changing: their source digests are part of the program's hash. */
function kindVersions(nodes: readonly GraphNode[]): Array<[string, string]> {
  const versions = new Map<string, string>();
  for (const node of nodes) if (node.kind.version !== undefined) versions.set(node.kind.definition.kind, node.kind.version);
  return [...versions].sort(([a], [b]) => a.localeCompare(b));
}

let project: Project | undefined;

/** Prints statements with ts-morph, in one source file built from structures (never edited statement by statement). */
function print(statements: ReadonlyArray<StatementStructures | string>): string[] {
  project ??= new (tsMorph().Project)({ useInMemoryFileSystem: true, compilerOptions: { allowImportingTsExtensions: true } });
  const file = project.createSourceFile('print.ts', { statements: [...statements] }, { overwrite: true });
  const texts = file.getStatements().map((statement) => `${statement.getFullText().replace(/^\n+/, '')}\n`);
  project.removeSourceFile(file);
  return texts;
}

/** Node declarations, printed only when not printed before (watch mode reuses the others). */
function printCached(declarations: readonly StatementStructures[], cache: CompileCache | undefined): string[] {
  const keys = declarations.map((d) => JSON.stringify(d));
  const texts = keys.map((key) => cache?.statements.get(key));
  const missing = texts.flatMap((text, i) => (text === undefined ? [i] : []));
  if (missing.length > 0) {
    const printed = print(missing.map((i) => declarations[i]!));
    missing.forEach((i, j) => {
      texts[i] = printed[j]!;
      cache?.statements.set(keys[i]!, printed[j]!);
    });
  }
  return texts as string[];
}

let loaded: typeof import('ts-morph') | undefined;

/** ts-morph (and the TypeScript compiler under it) is loaded only by builds that emit a program. */
function tsMorph(): typeof import('ts-morph') {
  return (loaded ??= createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph'));
}
