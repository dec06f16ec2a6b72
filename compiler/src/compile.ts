import { dirname, resolve } from 'node:path';
import { Diagnostics, type Diagnostic } from './diagnostics/diagnostic.ts';
import { readInputs, type SourceFile } from './sources/inputs.ts';
import { parseResources, type LocatedResource } from './parse/document.ts';
import { SpecValidator } from './validate/validate.ts';
import { BUILTIN_KINDS, type KindEntry } from './kinds/registry.ts';
import { resolveGraph, type Graph, type GraphNode } from './resolve/graph.ts';
import { lowerFields, type LoweredFields } from './lower/fields.ts';
import { lowerExpressions } from './lower/expressions.ts';
import { emitProgram, type EmittedProgram } from './emit/program.ts';

export interface CompileOptions {
  /** Files, folders or globs of YAML/JSON specs. */
  readonly inputs: readonly string[];
  /** The namespace to emit (default `default`). */
  readonly namespace?: string;
  readonly cwd?: string;
  readonly kinds?: ReadonlyMap<string, KindEntry>;
}

export interface CompileResult {
  readonly diagnostics: readonly Diagnostic[];
  /** Source texts by file, for rendering code frames. */
  readonly sources: ReadonlyMap<string, string>;
  readonly graph?: Graph;
  /** Present when there are no errors. */
  readonly program?: EmittedProgram;
}

/** sources → parse → validate/resolve → lower → emit. Pure apart from reading the inputs. */
export function compile(options: CompileOptions): CompileResult {
  const diagnostics = new Diagnostics();
  const cwd = options.cwd ?? process.cwd();
  const files = readInputs(options.inputs, diagnostics, cwd);
  return compileSources(files, { ...options, cwd }, diagnostics);
}

export function compileSources(files: readonly SourceFile[], options: Omit<CompileOptions, 'inputs'>, diagnostics = new Diagnostics()): CompileResult {
  const cwd = options.cwd ?? process.cwd();
  const sources = new Map(files.map((f) => [f.file, f.text]));
  const resources: LocatedResource[] = files.flatMap((f) => parseResources(f, diagnostics));
  const graph = resolveGraph(resources, options.kinds ?? BUILTIN_KINDS, new SpecValidator(), diagnostics);
  const namespace = options.namespace ?? 'default';
  const nodes = graph.nodes.filter((n) => n.namespace === namespace);
  if (nodes.length === 0 && !diagnostics.hasErrors) {
    diagnostics.report({
      code: 'EMPTY_NAMESPACE',
      message: `namespace \`${namespace}\` has no nodes`,
      hint: graph.namespaces.length > 0 ? `the inputs define: ${graph.namespaces.join(', ')}; pass --namespace` : 'pass files that contain node specs',
    });
  }
  const lowered = new Map<string, LoweredFields>();
  for (const node of nodes) lowered.set(node.key, lowerFields(node, diagnostics, resolveDir(node, cwd)));
  lowerExpressions(graph, nodes, lowered, diagnostics);
  if (diagnostics.hasErrors) return { diagnostics: diagnostics.list, sources, graph };
  return { diagnostics: diagnostics.list, sources, graph, program: emitProgram(graph, namespace, nodes, lowered) };
}

function resolveDir(node: GraphNode, cwd: string): string {
  return dirname(resolve(cwd, node.resource.file));
}
