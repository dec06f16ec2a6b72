import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Graph, GraphNode } from '../resolve/graph.ts';

/** A place in a spec file (1-based). */
export interface SpecLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One problem attached to a node of the picture. */
export interface ViewProblem {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly line?: number;
}

/** A node of the picture: a leaf node, or a composite (chart, block, step) drawn as a cluster of its inner nodes. */
export interface ViewNode {
  /** Unique in the namespace: the name, or `outer/inner` inside composites. */
  readonly key: string;
  readonly name: string;
  readonly kind: string;
  readonly composite: boolean;
  /** The composite this node sits in, if any. */
  readonly parent?: string;
  readonly location: SpecLocation;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /**
   * Ports that nothing is wired to: an in-port no edge reaches (the node is unreachable through it)
   * or an out-port with no link (its packets answer the caller).
   */
  readonly unwired: { readonly inputs: readonly string[]; readonly outputs: readonly string[] };
  readonly problems: readonly ViewProblem[];
}

/**
 * One wire. `side` tells which end of a composite it touches: `inbound` is the inner end of a
 * composite's in-port, `outbound` the inner end of its out-port.
 */
export interface ViewEdge {
  readonly from: { readonly node: string; readonly port: string; readonly side: 'output' | 'inbound' | 'hook' };
  readonly to: { readonly node: string; readonly port: string; readonly side: 'input' | 'outbound' };
}

/** The graph of one namespace as tools draw it: what `flowc graph --format json` prints. */
export interface GraphView {
  readonly namespace: string;
  readonly nodes: readonly ViewNode[];
  readonly edges: readonly ViewEdge[];
  /** Problems that belong to no node of the namespace (a file that does not parse, a missing value…). */
  readonly problems: readonly (ViewProblem & { readonly file?: string })[];
}

/** The picture of one namespace of a resolved graph, with the diagnostics of the build attached to their nodes. */
export function graphView(graph: Graph | undefined, diagnostics: readonly Diagnostic[], namespace: string): GraphView {
  const nodes = (graph?.nodes ?? []).filter((n) => n.namespace === namespace);
  const keys = new Set(nodes.map((n) => n.key));
  const edges: ViewEdge[] = (graph?.edges ?? [])
    .filter((e) => keys.has(e.from.node) && keys.has(e.to.node))
    .map((e) => ({
      from: { node: e.from.node, port: e.from.port, side: e.from.side === 'inbound' ? 'inbound' : e.from.side === 'hook' ? 'hook' : 'output' },
      to: { node: e.to.node, port: e.to.port, side: e.to.side === 'outbound' ? 'outbound' : 'input' },
    }));
  const owners = problemOwners(nodes);
  const byNode = new Map<string, ViewProblem[]>();
  const loose: Array<ViewProblem & { file?: string }> = [];
  for (const d of diagnostics) {
    const owner = ownerOf(d, owners);
    const problem: ViewProblem = { code: d.code, severity: d.severity, message: d.message, ...(d.line !== undefined ? { line: d.line } : {}) };
    if (owner) (byNode.get(owner) ?? byNode.set(owner, []).get(owner)!).push(problem);
    else loose.push({ ...problem, ...(d.file !== undefined ? { file: d.file } : {}) });
  }
  return {
    namespace,
    nodes: nodes.map((n) => viewNode(n, edges, byNode.get(n.key) ?? [])),
    edges,
    problems: loose,
  };
}

function viewNode(n: GraphNode, edges: readonly ViewEdge[], problems: readonly ViewProblem[]): ViewNode {
  const composite = n.kind.definition.composite === true;
  const inputs = [...n.inputs.keys()];
  const outputs = [...n.outputs.entries()].flatMap(([port, decl]) =>
    decl.indexed && (n.indexed[port] ?? 0) > 0 ? Array.from({ length: n.indexed[port]! }, (_, i) => `${port}[${i}]`) : [port],
  );
  // A composite's in-port is wired inside through its inbound; from outside through an edge to it.
  const reached = new Set(edges.filter((e) => e.to.node === n.key && e.to.side === 'input').map((e) => e.to.port));
  const sent = new Set(edges.filter((e) => e.from.node === n.key && (e.from.side === 'output' || e.from.side === 'hook')).map((e) => plain(e.from.port)));
  const at = n.resource.locate(n.base);
  return {
    key: n.key,
    name: n.name,
    kind: n.kind.definition.kind,
    composite,
    ...(n.parent !== undefined ? { parent: n.parent } : {}),
    location: { file: at.file, line: at.line, column: at.column },
    inputs,
    outputs,
    unwired: { inputs: inputs.filter((p) => !reached.has(p)), outputs: outputs.filter((p) => !sent.has(plain(p))) },
    problems,
  };
}

/** `out` is an alias of `out[0]`. */
function plain(port: string): string {
  return port.endsWith('[0]') ? port.slice(0, -3) : port;
}

interface Owners {
  readonly byName: ReadonlyMap<string, string>;
  readonly byLine: ReadonlyArray<{ readonly key: string; readonly file: string; readonly line: number }>;
}

function problemOwners(nodes: readonly GraphNode[]): Owners {
  const byName = new Map<string, string>();
  for (const n of nodes) {
    byName.set(n.key, n.key);
    if (!byName.has(n.name)) byName.set(n.name, n.key);
  }
  const byLine = nodes.map((n) => {
    const at = n.resource.locate(n.base);
    return { key: n.key, file: at.file, line: at.line };
  });
  return { byName, byLine };
}

/** The node a diagnostic is about: by its name, else the last node written above its line in its file. */
function ownerOf(d: Diagnostic, owners: Owners): string | undefined {
  if (d.node !== undefined) {
    const named = owners.byName.get(d.node);
    if (named) return named;
  }
  if (d.file === undefined || d.line === undefined) return undefined;
  let best: { key: string; line: number } | undefined;
  for (const o of owners.byLine) if (o.file === d.file && o.line <= d.line && (!best || o.line >= best.line)) best = o;
  return best?.key;
}
