import { defineKind } from '../core/kind.ts';
import type { InHandler } from '../core/port.ts';
import { isError, join } from '../core/packet.ts';
import type { Process } from '../core/process.ts';
import { attempt } from '../core/settle.ts';

/**
 * Groups the k-th packet of each input `in[0..n]` of one process into group k. Packets that leave
 * their group incomplete are echoed; the one completing it sends the joined group to `out` (or an
 * error to `error`) and gets that answer.
 */
export const merge = defineKind({
  kind: 'merge',
  description: 'Joins the k-th packets of every input in[0..n] of one process and sends the result to `out` (errors to `error`).',
  schema: { type: 'object', properties: {} },
  inputs: { in: { indexed: true } },
  outputs: { out: {}, error: {} },
  // A group needs a packet on every input up to the highest one connected: a gap never completes one.
  check(_fields, wiring) {
    const width = wiring.indexed.in ?? 0;
    const missing = Array.from({ length: width }, (_, i) => `in[${i}]`).filter((port) => !wiring.inputs.has(port));
    if (missing.length === 0) return [];
    const list = missing.map((p) => `\`${p}\``).join(', ');
    return [{
      code: 'MERGE_INPUT_UNWIRED',
      path: [],
      message: `this merge waits for a packet on ${list}, but nothing connects to ${missing.length === 1 ? 'it' : 'them'}; no group can complete`,
      hint: `connect a node's out-port to ${list}, or renumber the connections so that in[0]…in[${width - missing.length - 1}] are used`,
    }];
  },
  create({ indexed, out }) {
    // The compiler counts the inputs other nodes connect to; indexed() reports that count.
    const width = Math.max(1, indexed('in').length);
    const output = out('out');
    const error = out('error');
    // Per process: one queue of waiting payloads per input, kept until the process exits.
    const pending = new Map<Process, unknown[][]>();

    const queuesOf = (proc: Process): unknown[][] => {
      let queues = pending.get(proc);
      if (!queues) {
        queues = Array.from({ length: width }, () => []);
        pending.set(proc, queues);
        proc.onExit(() => {
          pending.delete(proc);
        });
      }
      return queues;
    };

    const receive = (index: number): InHandler => (payload, proc) => {
      const queues = queuesOf(proc);
      queues[index]!.push(payload);
      if (queues.some((queue) => queue.length === 0)) return payload;
      const group = queues.map((queue) => queue.shift());
      const joined = join(group);
      return attempt(() => (isError(joined) ? error.send(joined, proc) : output.send(joined, proc)));
    };

    const inputs: Record<string, InHandler> = {};
    for (let i = 0; i < width; i++) inputs[`in[${i}]`] = receive(i);
    inputs.in = inputs['in[0]']!;
    return { inputs };
  },
});
export default merge;
