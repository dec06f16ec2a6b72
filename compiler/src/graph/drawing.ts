import type { GraphView, ViewNode } from './model.ts';

/** A box to draw: a leaf node, or one port of a composite, drawn inside the composite's cluster. */
export interface Box {
  readonly id: string;
  /** The view node it stands for (for a port box, the composite). */
  readonly node: string;
  readonly role: 'node' | 'in-port' | 'out-port';
  readonly lines: readonly string[];
  readonly cluster?: string;
  readonly error: boolean;
  /** In-ports nothing reaches (`▸in`) and out-ports with no link (leaf nodes only). */
  readonly unwired: readonly string[];
  /** An in-port of the node is reached by no edge. */
  readonly unreachable: boolean;
}

export interface Cluster {
  readonly id: string;
  readonly node: string;
  readonly lines: readonly string[];
  readonly parent?: string;
  readonly error: boolean;
}

export interface Link {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

/** What every format draws: boxes, clusters for composites, links, with ids safe in any syntax. */
export interface Drawing {
  readonly boxes: readonly Box[];
  readonly clusters: readonly Cluster[];
  readonly links: readonly Link[];
}

export function location(n: ViewNode): string {
  return `${n.location.file}:${n.location.line}`;
}

/**
 * Lays the view out as boxes and links. A composite becomes a cluster holding its inner nodes and one
 * box per port in use, so a wire into `chart.in` is drawn to the port box and on to the inner node.
 */
export function drawing(view: GraphView): Drawing {
  const ids = new Map<string, string>();
  const idOf = (key: string): string => ids.get(key) ?? ids.set(key, `n${ids.size}`).get(key)!;
  const nodes = new Map(view.nodes.map((n) => [n.key, n]));
  const boxes = new Map<string, Box>();
  const clusters: Cluster[] = [];

  for (const n of view.nodes) {
    const cluster = n.parent !== undefined && nodes.has(n.parent) ? idOf(n.parent) : undefined;
    const error = n.problems.some((p) => p.severity === 'error');
    if (n.composite) {
      clusters.push({ id: idOf(n.key), node: n.key, lines: [`${n.name} (${n.kind})`, location(n)], ...(cluster ? { parent: cluster } : {}), error });
      continue;
    }
    // An unwired `error` port is the usual case (errors answer the caller): not worth a line on every box.
    const unwired = [...n.unwired.inputs.map((p) => `▸${p}`), ...n.unwired.outputs.filter((p) => p !== 'error')];
    boxes.set(n.key, { id: idOf(n.key), node: n.key, role: 'node', lines: [n.name, n.kind, location(n)], ...(cluster ? { cluster } : {}), error, unwired, unreachable: n.unwired.inputs.length > 0 });
  }

  const portBox = (composite: ViewNode, port: string, role: 'in-port' | 'out-port'): string => {
    const key = `${composite.key}\u0000${role}\u0000${port}`;
    if (!boxes.has(key)) boxes.set(key, { id: idOf(key), node: composite.key, role, lines: [role === 'in-port' ? `▸ ${port}` : `${port} ▸`], cluster: idOf(composite.key), error: false, unwired: [], unreachable: false });
    return boxes.get(key)!.id;
  };

  const links: Link[] = [];
  for (const e of view.edges) {
    const source = nodes.get(e.from.node)!;
    const target = nodes.get(e.to.node)!;
    const fromPort = source.composite ? portBox(source, e.from.port, e.from.side === 'inbound' ? 'in-port' : 'out-port') : undefined;
    const toPort = target.composite ? portBox(target, e.to.port, e.to.side === 'outbound' ? 'out-port' : 'in-port') : undefined;
    const label = [fromPort === undefined && e.from.port !== 'out' ? e.from.port : '', toPort === undefined && e.to.port !== 'in' ? `→ ${e.to.port}` : '']
      .filter(Boolean)
      .join(' ');
    links.push({ from: fromPort ?? idOf(source.key), to: toPort ?? idOf(target.key), label });
  }
  return { boxes: [...boxes.values()], clusters, links };
}

/** Boxes by the cluster they sit in (`undefined`: the top level). */
export function byCluster(boxes: readonly Box[]): Map<string | undefined, Box[]> {
  const groups = new Map<string | undefined, Box[]>();
  for (const b of boxes) (groups.get(b.cluster) ?? groups.set(b.cluster, []).get(b.cluster)!).push(b);
  return groups;
}
