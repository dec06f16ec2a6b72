import { createHash } from 'node:crypto';
import { Project, StructureKind, VariableDeclarationKind, type StatementStructures } from 'ts-morph';
import type { Graph, GraphNode } from '../resolve/graph.ts';
import type { CodeModule, LoweredFields } from '../lower/fields.ts';
import { identifierFor, literal } from './literal.ts';

/** The generated TypeScript program: one entry module plus one module per code field. */
export interface EmittedProgram {
  readonly namespace: string;
  /** Content hash of everything that defines the program's behaviour. */
  readonly hash: string;
  readonly entry: string;
  /** Relative specifier (as imported by the entry, e.g. `./snippets/pong.ts`) → module. */
  readonly modules: ReadonlyMap<string, CodeModule>;
}

const RUNTIME = '@flowc/runtime';

/**
 * Writes the program as TypeScript: imports of the kinds in use, one declaration per node (with the
 * place it was written), then every connection. Built in one call from structures: incremental
 * ts-morph edits re-parse the file each time.
 */
export function emitProgram(graph: Graph, namespace: string, nodes: readonly GraphNode[], lowered: ReadonlyMap<string, LoweredFields>): EmittedProgram {
  const taken = new Set<string>(['program', 'tpl', 'main', 'Program']);
  const ids = new Map<string, string>();
  const kindImports = new Map<string, { module: string; name: string }>();
  const modules = new Map<string, CodeModule>();
  const moduleImports: Array<{ name: string; specifier: string }> = [];
  const declarations: StatementStructures[] = [];
  const keep = new Set(nodes.map((n) => n.key));

  for (const node of nodes) {
    const kind = node.kind;
    kindImports.set(kind.module, { module: kind.module, name: kind.exportName });
    taken.add(kind.exportName);
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
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
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
    .digest('hex')
    .slice(0, 16);

  const statements: Array<StatementStructures | string> = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: `${RUNTIME}/core/program`, namedImports: ['Program'] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: `${RUNTIME}/core/binding`, namedImports: ['tpl'] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: `${RUNTIME}/core/main`, namedImports: ['main'] },
    ...[...kindImports.values()]
      .sort((a, b) => a.module.localeCompare(b.module))
      .map((k): StatementStructures => ({ kind: StructureKind.ImportDeclaration, moduleSpecifier: k.module, namedImports: [k.name] })),
    ...moduleImports.map((m): StatementStructures => ({ kind: StructureKind.ImportDeclaration, moduleSpecifier: m.specifier, namespaceImport: m.name })),
    `\nconst program = new Program({ namespace: ${JSON.stringify(namespace)}, hash: ${JSON.stringify(hash)} });\n`,
    ...declarations,
    '\n// wiring',
    ...wiring,
    '\nexport default program;',
    'main(program, import.meta.url);',
  ];

  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowImportingTsExtensions: true } });
  const file = project.createSourceFile('program.ts', {
    leadingTrivia: `// Generated by flowc from namespace \`${namespace}\`. Do not edit: edit the specs and rebuild.\n`,
    statements,
  });
  return { namespace, hash, entry: file.getFullText(), modules };

  function kind(node: GraphNode): string {
    return node.kind.exportName;
  }
}
