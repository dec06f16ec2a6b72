import type { Diagnostics } from '../diagnostics/diagnostic.ts';
import { listenConflict } from '../diagnostics/messages.ts';
import type { GraphNode } from '../resolve/graph.ts';

/** Hosts that mean every address of the machine, so they overlap with any other host. */
const EVERY_ADDRESS = new Set(['', '0.0.0.0', '::', '[::]']);

/**
 * Two nodes of one program (one namespace) that listen on the same port of overlapping hosts cannot
 * both start: the second is reported at its `port`. Only addresses known at build time (literal ports,
 * as each kind's `listens` hook gives them) are compared.
 */
export function checkListeners(nodes: readonly GraphNode[], diagnostics: Diagnostics): void {
  const taken = new Map<string, Array<{ node: GraphNode; host: string | undefined }>>();
  for (const node of nodes) {
    const address = node.kind.definition.listens?.(node.fields);
    if (!address) continue;
    const key = `${node.namespace}\u0000${address.port}`;
    const others = taken.get(key) ?? [];
    const clash = others.find((o) => overlap(o.host, address.host));
    if (clash) {
      const first = clash.node.resource.locate([...clash.node.base, 'port']);
      const shown = `${address.host && !EVERY_ADDRESS.has(address.host) ? address.host : '*'}:${address.port}`;
      diagnostics.withNotes(node.notes).report(listenConflict(shown, first), { at: node.resource.locate([...node.base, 'port']), node: node.key });
      continue;
    }
    taken.set(key, [...others, { node, host: address.host }]);
  }
}

function overlap(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || EVERY_ADDRESS.has(a) || EVERY_ADDRESS.has(b)) return true;
  const local = (h: string): string => (h === 'localhost' ? '127.0.0.1' : h);
  return local(a) === local(b);
}
