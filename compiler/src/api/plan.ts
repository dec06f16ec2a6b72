import type { Proposal, ResourceType, Store } from '@flowc/runtime/store/types';
import { compileSources } from '../compile.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Graph } from '../resolve/graph.ts';
import { diffGraphs, isEmptyPlan } from '../plan/diff.ts';
import { check } from './build.ts';
import { checkContext, type CheckedWriteOptions } from './store/index.ts';
import { namespaceContents } from './store/check.ts';
import type { InputFile } from './store/input.ts';
import { namespaceFiles } from './store/sources.ts';
import type { CheckOptions, PlanResult } from './types.ts';

/**
 * What deploying `after` in place of `before` changes, compared on the compiled graphs (never the text):
 * nodes, fields, edges, listeners, state and value bindings, per namespace (`namespace`: only that one).
 * When either side has errors, the plan is empty and `errors` says why.
 */
export async function plan(before: CheckOptions, after: CheckOptions, namespace?: string): Promise<PlanResult> {
  const [old, next] = await Promise.all([check(before), check(after)]);
  return result(old.graph, next.graph, [...old.errors, ...next.errors], namespace === undefined ? undefined : [namespace]);
}

/** Thrown from inside the store's write check, so that the write never happens. */
class PlanOnly extends Error {}

/**
 * What `flowc apply <type> -f file` would change in the store: the proposal of the write is taken from the
 * store's own check (the write is then abandoned), and each namespace it touches is compiled as it is and as
 * it would be.
 */
export async function planApply(store: Store, type: ResourceType, input: InputFile, options: CheckedWriteOptions & { readonly namespace?: string } = {}): Promise<PlanResult> {
  const { cwd, kinds } = await checkContext(options);
  let proposal: Proposal | undefined;
  try {
    await store.apply(type, input.entries.map((e) => e.data), {
      ...(options.namespace ? { namespace: options.namespace } : {}),
      check: async (p) => {
        proposal = p;
        throw new PlanOnly();
      },
    });
  } catch (error) {
    if (!(error instanceof PlanOnly)) throw error;
  }
  const namespaces = [...(proposal?.namespaces.keys() ?? [])].sort();
  const graphs = { before: [] as Graph[], after: [] as Graph[] };
  const errors: Diagnostic[] = [];
  for (const namespace of namespaces) {
    const proposed = proposal!.namespaces.get(namespace)!;
    // As the write's own check does, a namespace without specs has no program to compare.
    const compileOf = (contents: Awaited<ReturnType<typeof namespaceContents>>): Graph => {
      if (contents.specs.length === 0) return emptyGraph();
      const compiled = compileSources(namespaceFiles(contents), { namespace, cwd, kinds, emit: false, checkValues: true });
      errors.push(...compiled.diagnostics.filter((d) => d.severity === 'error'));
      return compiled.graph ?? emptyGraph();
    };
    graphs.before.push(compileOf(await namespaceContents(store, namespace, type, await store.list(type, { namespace }))));
    graphs.after.push(compileOf(await namespaceContents(store, namespace, type, proposed)));
  }
  const planned = result(merge(graphs.before), merge(graphs.after), errors, namespaces);
  if (type !== 'values' || planned.errors.length > 0) return planned;
  const values = (proposal?.applied ?? []).map((a) => ({ namespace: a.resource.namespace, name: a.resource.name ?? a.resource.id, op: a.op }));
  return { ...planned, values, changed: planned.changed || values.some((v) => v.op !== 'unchanged') };
}

function result(before: Graph | undefined, after: Graph | undefined, errors: readonly Diagnostic[], namespaces: readonly string[] | undefined): PlanResult {
  if (errors.length > 0 || !before || !after) return { namespaces: [], changed: false, errors };
  const plans = diffGraphs(before, after, namespaces);
  return { namespaces: plans, changed: plans.some((p) => !isEmptyPlan(p)), errors: [] };
}

function emptyGraph(): Graph {
  return { namespaces: [], nodes: [], edges: [] };
}

function merge(graphs: readonly Graph[]): Graph {
  return { namespaces: graphs.flatMap((g) => g.namespaces), nodes: graphs.flatMap((g) => g.nodes), edges: graphs.flatMap((g) => g.edges) };
}
