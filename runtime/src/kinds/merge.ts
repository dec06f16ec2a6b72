import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';

/**
 * Groups the k-th packet of each input `in[0..n]` of one process into group k. Packets that leave
 * their group incomplete are echoed; the one completing it sends the joined group to `out` (or an
 * error to `error`) and gets that answer.
 */
export default defineKind({
  kind: 'merge',
  description: 'Joins the k-th packets of every input in[0..n] of one process and sends the result to `out` (errors to `error`).',
  schema: Type.Object({}),
  inputs: { in: { indexed: true } },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/merge',
  // A group needs a packet on every input up to the highest one connected: a gap never completes one.
  check(_fields, wiring) {
    const width = wiring.indexed.in ?? 0;
    const missing = Array.from({ length: width }, (_, i) => `in[${i}]`).filter((port) => !wiring.inputs.has(port));
    if (missing.length === 0) return [];
    const list = missing.map((p) => `\`${p}\``).join(', ');
    return [
      {
        code: 'MERGE_INPUT_UNWIRED',
        path: [],
        message: `this merge waits for a packet on ${list}, but nothing connects to ${missing.length === 1 ? 'it' : 'them'}; no group can complete`,
        hint: `connect a node's out-port to ${list}, or renumber the connections so that in[0]…in[${width - missing.length - 1}] are used`,
      },
    ];
  },
});
