import { dirname, resolve } from 'node:path';
import type { Value } from '@flowc/runtime/core/binding';
import { Diagnostics, type Diagnostic } from './diagnostics/diagnostic.ts';
import { emptyNamespace, internal, valuesInvalid } from './diagnostics/messages.ts';
import { entryProblem } from '@flowc/runtime/core/values-file';
import { readInputs, type SourceFile } from './sources/inputs.ts';
import { parseResources, type LocatedResource } from './parse/document.ts';
import { classify, type ResourceType } from './parse/classify.ts';
import { SpecValidator } from './validate/validate.ts';
import { builtinKindTable, type KindTable } from './kinds/registry.ts';
import { chartKinds } from './charts/chart.ts';
import { resolveGraph, type Graph, type GraphNode } from './resolve/graph.ts';
import { checkValueBindings } from './check/values.ts';
import { checkListeners } from './check/listeners.ts';
import { lowerFields, type LoweredFields } from './lower/fields.ts';
import { withSnippetMaps } from './lower/snippet-map.ts';
import { lowerExpressions } from './lower/expressions.ts';
import { emitProgram, type EmittedProgram } from './emit/program.ts';
import type { ObserveFeature } from './api/types.ts';
import { CompileCache } from './cache.ts';
import { productionNodes, testBuildNodes, type TestBuild } from './test/select.ts';

export interface CompileOptions {
  /** Files, folders or globs holding specs (and charts or values, told apart by shape). */
  readonly inputs: readonly string[];
  /** Files holding charts only. */
  readonly charts?: readonly string[];
  /**
   * Files holding values. When given, every value a spec binds must exist (checked by name/id);
   * value data is never read into the program.
   */
  readonly values?: readonly string[];
  /** The namespace to emit (default `default`), or `*` for every namespace of the inputs. */
  readonly namespace?: string;
  readonly cwd?: string;
  /** Every kind specs may use (built-ins and extensions, see kinds/load.ts); default: the built-ins. */
  readonly kinds?: KindTable;
  /** Reuse work from the previous build with the same cache (watch mode). */
  readonly cache?: CompileCache;
  /** Set to false to check only (`flowc check`): every stage but emit runs. */
  readonly emit?: boolean;
  /** Emit debug programs (see emit/program.ts): only a debug build holds debugger hooks. */
  readonly debug?: boolean;
  /** Telemetry the program's entry loads when it is turned on (see emit/program.ts). */
  readonly observe?: readonly ObserveFeature[];
  /**
   * A test build (`flowc test`): test nodes are kept and the nodes named are mocked. Without it,
   * test nodes and what only they reach are left out of the program.
   */
  readonly test?: TestBuild;
}

/** A source file, optionally forced to hold one resource type (`--charts`, `--values`). */
export interface TypedSource extends SourceFile {
  readonly type?: ResourceType;
  /** A values file a user wrote (`--values`), whose entries must carry their data; store values come without it. */
  readonly valuesFile?: boolean;
}

export interface CompileResult {
  readonly diagnostics: readonly Diagnostic[];
  /** Source texts by file, for rendering code frames. */
  readonly sources: ReadonlyMap<string, string>;
  readonly graph?: Graph;
  /** One program per emitted namespace, present when there are no errors. */
  readonly programs: readonly EmittedProgram[];
  /** The first (for a single namespace, the only) program. */
  readonly program?: EmittedProgram;
}

export const ALL_NAMESPACES = '*';

/** sources → parse → validate/resolve → lower → emit. Pure apart from reading the inputs. */
export function compile(options: CompileOptions, diagnostics = new Diagnostics()): CompileResult {
  const cwd = options.cwd ?? process.cwd();
  const files: TypedSource[] = [
    ...readInputs(options.inputs, diagnostics, cwd),
    ...readInputs(options.charts ?? [], diagnostics, cwd).map((f) => ({ ...f, type: 'chart' as const })),
    ...readInputs(options.values ?? [], diagnostics, cwd).map((f) => ({ ...f, type: 'value' as const, valuesFile: true })),
  ];
  return compileSources(files, { ...options, checkValues: options.values !== undefined && options.values.length > 0 }, diagnostics);
}

export function compileSources(
  files: readonly TypedSource[],
  options: Omit<CompileOptions, 'inputs' | 'charts' | 'values'> & { readonly checkValues?: boolean },
  diagnostics = new Diagnostics(),
): CompileResult {
  // A failure of flowc itself is reported as an INTERNAL diagnostic, never thrown (stages guard each file and node too).
  try {
    return compileUnguarded(files, options, diagnostics);
  } catch (error) {
    const first = files[0];
    diagnostics.report(internal('compiling', error), first ? { at: { file: first.file, line: 1, column: 1 } } : {});
    return { diagnostics: diagnostics.list, sources: new Map(files.map((f) => [f.file, f.text])), programs: [] };
  }
}

function compileUnguarded(
  files: readonly TypedSource[],
  options: Omit<CompileOptions, 'inputs' | 'charts' | 'values'> & { readonly checkValues?: boolean },
  diagnostics: Diagnostics,
): CompileResult {
  const cwd = options.cwd ?? process.cwd();
  const cache = options.cache;
  // Code frames are drawn from these texts. A values file's text is left out: its lines are secrets, and a
  // diagnostic in it (a syntax error) is reported by position only.
  const sources = new Map(files.filter((f) => f.type !== 'value').map((f) => [f.file, f.text]));
  const byType: Record<ResourceType, LocatedResource[]> = { spec: [], chart: [], value: [] };
  // A malformed values file would make every binding look unknown: only its own problem is reported.
  let invalidValues = false;
  for (const file of files) {
    for (const resource of parseCached(file, diagnostics, cache)) {
      const type = file.type ?? classify(resource.data);
      byType[type].push(resource);
      if (type === 'value') {
        sources.delete(file.file);
        const problem = file.valuesFile ? entryProblem(resource.data) : undefined;
        if (problem) {
          diagnostics.report(valuesInvalid(problem), { at: resource.locate([]) });
          invalidValues = true;
        }
      }
    }
  }
  const builtins = options.kinds ?? builtinKindTable(diagnostics);
  const charts = chartKinds(byType.chart, builtins, diagnostics);
  const graph = resolveGraph(byType.spec, builtins, cache?.validator ?? new SpecValidator(), diagnostics, charts);
  checkListeners(graph.nodes, diagnostics);
  if ((options.checkValues || byType.value.length > 0) && !invalidValues) {
    checkValueBindings(graph.nodes, byType.value.map((r) => r.data as unknown as Value), diagnostics);
  }

  const wanted = options.namespace ?? 'default';
  const namespaces = wanted === ALL_NAMESPACES ? graph.namespaces : [wanted];
  const emit: Array<{ namespace: string; nodes: GraphNode[]; lowered: Map<string, LoweredFields> }> = [];
  for (const namespace of namespaces) {
    const all = graph.nodes.filter((n) => n.namespace === namespace);
    if (all.length === 0 && !diagnostics.hasErrors) {
      diagnostics.report(emptyNamespace(namespace, graph.namespaces));
    }
    // Every node is checked, test nodes too; then the program keeps what this build is for.
    const lowered = new Map<string, LoweredFields>();
    for (const node of all) lowered.set(node.key, lowerCached(node, diagnostics, resolveDir(node, cwd), cache));
    lowerExpressions(graph, all, lowered, diagnostics);
    const nodes = options.test ? testBuildNodes(all, options.test) : productionNodes(all, graph.edges);
    const original = new Map(all.map((n) => [n.key, n.kind]));
    for (const node of nodes) if (node.kind !== original.get(node.key)) lowered.set(node.key, lowerFields(node, diagnostics, resolveDir(node, cwd)));
    emit.push({ namespace, nodes, lowered });
  }
  if (diagnostics.hasErrors || options.emit === false) return { diagnostics: diagnostics.list, sources, graph, programs: [] };
  const programs = emit.map((e) => emitProgram(graph, e.namespace, e.nodes, e.lowered, { debug: options.debug === true, ...(options.observe ? { observe: options.observe } : {}) }));
  cache?.rotate();
  return { diagnostics: diagnostics.list, sources, graph, programs, program: programs[0] };
}

function parseCached(file: TypedSource, diagnostics: Diagnostics, cache: CompileCache | undefined): LocatedResource[] {
  const hit = cache?.parsed.get(file.file);
  if (hit && hit.text === file.text) {
    for (const d of hit.diagnostics) diagnostics.list.push(d);
    return hit.resources;
  }
  const local = new Diagnostics();
  const resources = parseResources(file, local);
  diagnostics.list.push(...local.list);
  cache?.parsed.set(file.file, { text: file.text, resources, diagnostics: local.list });
  return resources;
}

function lowerCached(node: GraphNode, diagnostics: Diagnostics, dir: string, cache: CompileCache | undefined): LoweredFields {
  if (!cache) return withSnippetMaps(node, lowerFields(node, diagnostics, dir), dir);
  const key = JSON.stringify([node.key, node.kind.definition.kind, node.fields, node.env ?? null, dir, node.resource.file]);
  const hit = cache.lowered.get(key);
  if (hit) return withSnippetMaps(node, { ...hit, modules: { ...hit.modules } }, dir);
  const before = diagnostics.list.length;
  const low = lowerFields(node, diagnostics, dir);
  if (diagnostics.list.length === before) cache.lowered.set(key, { ...low, modules: { ...low.modules } });
  return withSnippetMaps(node, low, dir);
}

function resolveDir(node: GraphNode, cwd: string): string {
  return dirname(resolve(cwd, node.resource.file));
}
