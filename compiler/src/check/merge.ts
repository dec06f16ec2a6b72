import type { Position } from '../diagnostics/diagnostic.ts';
import type { Graph } from '../resolve/graph.ts';

/** A merge that can never complete a group; reported by the caller under its own diagnostic code. */
export interface MergeGap {
  readonly node: string;
  readonly message: string;
  readonly hint: string;
  readonly at: Position;
}

/**
 * A merge groups one packet from every input `in[0..n]`, where n is the highest index anything
 * connects to. An index in between that nothing connects to leaves every group incomplete, so the
 * merge would only ever echo its inputs.
 */
export function findMergeGaps(graph: Graph): MergeGap[] {
  const wired = new Map<string, Set<string>>();
  for (const edge of graph.edges) {
    if (edge.to.side !== 'input') continue;
    let ports = wired.get(edge.to.node);
    if (!ports) wired.set(edge.to.node, (ports = new Set()));
    ports.add(edge.to.port);
  }
  const gaps: MergeGap[] = [];
  for (const node of graph.nodes) {
    if (node.kind.definition.kind !== 'merge') continue;
    const width = node.indexed.in ?? 0;
    const ports = wired.get(node.key) ?? new Set<string>();
    const missing = Array.from({ length: width }, (_, i) => `in[${i}]`).filter((port) => !ports.has(port));
    if (missing.length === 0) continue;
    const list = missing.map((p) => `\`${p}\``).join(', ');
    gaps.push({
      node: node.key,
      message: `merge \`${node.key}\` waits for a packet on ${list}, but nothing connects to ${missing.length === 1 ? 'it' : 'them'}; no group can complete`,
      hint: `connect a node's out-port to ${list}, or renumber the connections so that in[0]…in[${width - missing.length - 1}] are used`,
      at: node.resource.locate(node.base),
    });
  }
  return gaps;
}
