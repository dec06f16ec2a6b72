import type { Graph, GraphEdge, GraphNode } from '../resolve/graph.ts';

/** A connection of the graph, as `node.port → node.port`. */
export interface PlannedEdge {
  readonly from: string;
  readonly to: string;
}

export interface ChangedNode {
  readonly name: string;
  readonly kind: string;
  /** The kind it had, when that changed. */
  readonly previousKind?: string;
  /** Fields added, removed or changed (their names only). */
  readonly fields: readonly string[];
}

export interface Rebind {
  readonly node: string;
  /** The address listened on before and after; undefined when the listener is new or removed. */
  readonly from?: string;
  readonly to?: string;
}

export interface LostState {
  readonly node: string;
  /** Why the node's next version does not inherit its state: what changed. */
  readonly because: readonly string[];
}

export interface BindingChange {
  readonly node: string;
  readonly key: string;
  /** The names (or `id:…`) of the values bound, before and after; never their data. */
  readonly from: readonly string[];
  readonly to: readonly string[];
}

/** What a swap from one version of a namespace to the next changes, compared on the compiled graphs. */
export interface NamespacePlan {
  readonly namespace: string;
  readonly added: ReadonlyArray<{ readonly name: string; readonly kind: string }>;
  readonly removed: ReadonlyArray<{ readonly name: string; readonly kind: string }>;
  readonly changed: readonly ChangedNode[];
  readonly edges: { readonly added: readonly PlannedEdge[]; readonly removed: readonly PlannedEdge[] };
  readonly listeners: readonly Rebind[];
  readonly state: readonly LostState[];
  readonly values: readonly BindingChange[];
}

export function isEmptyPlan(plan: NamespacePlan): boolean {
  return plan.added.length + plan.removed.length + plan.changed.length + plan.edges.added.length + plan.edges.removed.length + plan.listeners.length + plan.values.length === 0;
}

/**
 * Compares two compiled graphs namespace by namespace: nodes by name, fields by value (so formatting and
 * comments are no change), edges as `node.port → node.port`. A node keeps its state across the swap only
 * when its id, kind, fields, env and port indexes are the same (runtime/src/core/program.ts `nodeSignature`).
 */
export function diffGraphs(before: Graph, after: Graph, namespaces?: readonly string[]): NamespacePlan[] {
  const all = namespaces ?? [...new Set([...before.namespaces, ...after.namespaces])].sort();
  return all.map((namespace) => diffNamespace(namespace, before, after));
}

function diffNamespace(namespace: string, before: Graph, after: Graph): NamespacePlan {
  const old = nodesOf(before, namespace);
  const next = nodesOf(after, namespace);
  const added = [...next.values()].filter((n) => !old.has(n.key)).map(brief);
  const removed = [...old.values()].filter((n) => !next.has(n.key)).map(brief);
  const changed: ChangedNode[] = [];
  const state: LostState[] = [];
  const values: BindingChange[] = [];
  const listeners: Rebind[] = [];
  for (const n of next.values()) {
    const o = old.get(n.key);
    const address = listenAddress(n);
    if (!o) {
      if (address !== undefined) listeners.push({ node: n.key, to: address });
      continue;
    }
    const fields = changedKeys(o.fields, n.fields);
    const kind = n.kind.definition.kind;
    const previousKind = o.kind.definition.kind;
    if (fields.length > 0 || kind !== previousKind) changed.push({ name: n.key, kind, ...(kind !== previousKind ? { previousKind } : {}), fields });
    const because = [
      ...(kind !== previousKind ? ['kind'] : []),
      ...(o.id !== n.id ? ['id'] : []),
      ...(fields.length > 0 ? ['fields'] : []),
      ...(canonical(o.env ?? null) !== canonical(n.env ?? null) ? ['env'] : []),
      ...(canonical(o.indexed) !== canonical(n.indexed) ? ['port indexes'] : []),
    ];
    if (because.length > 0) state.push({ node: n.key, because });
    values.push(...bindingChanges(n.key, o, n));
    const previous = listenAddress(o);
    if (previous !== address) listeners.push({ node: n.key, ...(previous !== undefined ? { from: previous } : {}), ...(address !== undefined ? { to: address } : {}) });
  }
  for (const o of old.values()) {
    const address = listenAddress(o);
    if (!next.has(o.key) && address !== undefined) listeners.push({ node: o.key, from: address });
  }
  const oldEdges = edgesOf(before, old);
  const newEdges = edgesOf(after, next);
  return {
    namespace,
    added,
    removed,
    changed,
    edges: { added: [...newEdges.values()].filter((e) => !oldEdges.has(edgeKey(e))), removed: [...oldEdges.values()].filter((e) => !newEdges.has(edgeKey(e))) },
    listeners,
    state,
    values,
  };
}

function nodesOf(graph: Graph, namespace: string): Map<string, GraphNode> {
  return new Map(graph.nodes.filter((n) => n.namespace === namespace).map((n) => [n.key, n]));
}

function brief(n: GraphNode): { name: string; kind: string } {
  return { name: n.key, kind: n.kind.definition.kind };
}

function edgesOf(graph: Graph, nodes: ReadonlyMap<string, GraphNode>): Map<string, PlannedEdge> {
  const edges = graph.edges.filter((e) => nodes.has(e.from.node) && nodes.has(e.to.node)).map(planned);
  return new Map(edges.map((e) => [edgeKey(e), e]));
}

function planned(edge: GraphEdge): PlannedEdge {
  return { from: `${edge.from.node}.${edge.from.port}`, to: `${edge.to.node}.${edge.to.port}` };
}

function edgeKey(e: PlannedEdge): string {
  return `${e.from}\u0000${e.to}`;
}

/** The address a listening node binds, as its kind's `listens` hook tells it (templates as written). */
function listenAddress(n: GraphNode): string | undefined {
  const listens = n.kind.definition.listens;
  if (!listens) return undefined;
  const literal = listens(n.fields);
  const host = literal ? literal.host : n.fields.host;
  const port = literal ? literal.port : n.fields.port;
  return `${typeof host === 'string' ? host : '*'}:${String(port)}`;
}

function bindingChanges(node: string, o: GraphNode, n: GraphNode): BindingChange[] {
  const before = bindings(o.env);
  const after = bindings(n.env);
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  return keys
    .map((key) => ({ node, key, from: before.get(key) ?? [], to: after.get(key) ?? [] }))
    .filter((c) => canonical(c.from) !== canonical(c.to));
}

/** For each env key, the values it binds by name or id; entries of plain data bind none. */
function bindings(env: Record<string, unknown> | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, entries] of Object.entries(env ?? {})) {
    const names = (Array.isArray(entries) ? entries : [entries]).flatMap((e: unknown) => {
      const entry = (e ?? {}) as { name?: unknown; id?: unknown };
      return typeof entry.name === 'string' ? [entry.name] : typeof entry.id === 'string' ? [`id:${entry.id}`] : [];
    });
    if (names.length > 0) out.set(key, names);
  }
  return out;
}

function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => canonical(a[k] ?? null) !== canonical(b[k] ?? null));
}

/** JSON with sorted keys: equal data, however it was written, gives equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v));
}
