import { createHash } from 'node:crypto';
import type { Graph, GraphNode } from '../resolve/graph.ts';
import type { CodeModule, LoweredFields } from '../lower/fields.ts';
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
 * place it was written), then every connection. The text is printed directly: every statement is an
 * import, a `const` or a call whose parts `literal()` already renders, and loading ts-morph (the TypeScript
 * compiler) to print them cost more than the rest of a build of a large project.
 */
export interface EmitOptions {
  /**
   * A debug build: the program is a `DebugProgram`, which hooks every edge for the debugger. Without
   * it the bundle holds no debugger code and no per-packet hook.
   */
  readonly debug?: boolean;
  /**
   * A program with a node that reads the program's own state (a kind's `introspects` hook: `sql` with
   * `driver: internal`) is an `IntrospectProgram`, which records its frames (and serves a debugger too).
   * Set by `emitProgram` itself from the nodes; without such a node the bundle has no recording hook.
   */
  readonly introspect?: boolean;
  /** Telemetry the program's entry loads when it is turned on. */
  readonly observe?: readonly ObserveFeature[];
}

export function emitProgram(graph: Graph, namespace: string, nodes: readonly GraphNode[], lowered: ReadonlyMap<string, LoweredFields>, options: EmitOptions = {}): EmittedProgram {
  const observe = options.observe ?? [];
  const taken = new Set<string>(['program', 'tpl', 'main', 'Program', 'DebugProgram', 'IntrospectProgram', 'readValuesFile']);
  const introspect = options.introspect ?? nodes.some((n) => n.kind.definition.introspects?.(n.fields) === true);
  const ids = new Map<string, string>();
  const kindImports = new Map<string, string>();
  const resolveDirs = new Map<string, string>();
  const definitions = new Map<string, string>();
  const modules = new Map<string, CodeModule>();
  const moduleImports: Array<{ name: string; specifier: string }> = [];
  const declarations: string[] = [];
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
    declarations.push(
      `// ${oneLine(`${node.kind.definition.kind} \`${node.key}\` (${at.file}:${at.line}:${at.column})`)}\nconst ${id} = program.node({\n      ${props.join(',\n      ')},\n    });\n`,
    );
  }

  const wiring = graph.edges
    .filter((e) => keep.has(e.from.node) && keep.has(e.to.node))
    .map((e) => `program.connect(${ids.get(e.from.node)}.${e.from.side === 'hook' ? 'output' : e.from.side}(${JSON.stringify(e.from.port)}), ${ids.get(e.to.node)}.${e.to.side}(${JSON.stringify(e.to.port)}));`);

  const hash = createHash('sha256')
    .update(JSON.stringify({ namespace, declarations, wiring, ...(options.debug ? { debug: true } : {}), ...(introspect ? { introspect: true } : {}) }))
    .update(JSON.stringify([...modules].map(([s, m]) => [s, m.contents])))
    .update(JSON.stringify(kindVersions(nodes)))
    .digest('hex')
    .slice(0, 16);

  const readsValues = nodes.some((node) => bindsValue(node.env));
  const programClass = introspect ? 'IntrospectProgram' : options.debug ? 'DebugProgram' : 'Program';
  const programModule = { IntrospectProgram: 'introspect/program', DebugProgram: 'debug/program', Program: 'core/program' }[programClass];
  const imports = [
    importNamed(programClass, `${RUNTIME}/${programModule}`),
    importNamed('tpl', `${RUNTIME}/core/binding`),
    importNamed('main', `${RUNTIME}/core/main`),
    // Only a program that binds values reads a values file, and only it carries the YAML parser for one.
    ...(readsValues ? [importNamed('readValuesFile', `${RUNTIME}/core/values-yaml`)] : []),
    ...[...kindImports].sort(([a], [b]) => a.localeCompare(b)).map(([module, name]) => `import ${name} from ${JSON.stringify(module)};\n`),
    ...moduleImports.map((m) => `import * as ${m.name} from ${JSON.stringify(m.specifier)};\n`),
  ];
  const entry = [
    `// Generated by flowc from namespace \`${namespace}\`. Do not edit: edit the specs and rebuild.\n`,
    ...imports,
    `const program = new ${programClass}({ namespace: ${JSON.stringify(namespace)}, hash: ${JSON.stringify(hash)} });\n`,
    '\n',
    ...declarations,
    '\n// wiring\n',
    ...wiring.map((line) => `${line}\n`),
    `\nexport default program;\nmain(program, import.meta.url${features(observe) || (readsValues ? ', {}' : '')}${readsValues ? ', readValuesFile' : ''});\n`,
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

/** Text for a `//` comment: a line terminator in a name or path would end the comment and start code. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]/g, ' ');
}

function importNamed(name: string, module: string): string {
  return `import { ${name} } from ${JSON.stringify(module)};\n`;
}

/** Whether an env (`{ KEY: [{ name | id | data }] }`) binds a value by name or id. */
function bindsValue(env: unknown): boolean {
  if (env === null || typeof env !== 'object') return false;
  return Object.values(env as Record<string, unknown>).some(
    (entries) => Array.isArray(entries) && entries.some((e: unknown) => e !== null && typeof e === 'object' && ('name' in e || 'id' in e)),
  );
}
