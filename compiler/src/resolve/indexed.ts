import type { IndexedUse } from './link.ts';
import type { GraphNode } from './types.ts';

/**
 * Sets each node's `indexed`: for every indexed port in use, the highest index connected + 1, which is
 * how many ports `out[0]…out[n]` the runtime allocates. Returns new nodes; the order is kept.
 */
export function countIndexed(nodes: readonly GraphNode[], uses: readonly IndexedUse[]): GraphNode[] {
  const counts = new Map<string, Record<string, number>>();
  for (const use of uses) {
    let node = counts.get(use.node);
    if (!node) counts.set(use.node, (node = {}));
    node[use.base] = Math.max(node[use.base] ?? 0, use.index + 1);
  }
  return nodes.map((node) => {
    const indexed = counts.get(node.key);
    return indexed ? { ...node, indexed } : node;
  });
}
