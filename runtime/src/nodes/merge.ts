import { implement } from '../core/kind.ts';
import type { InHandler } from '../core/port.ts';
import { isError, join } from '../core/packet.ts';
import type { Process } from '../core/process.ts';
import { attempt } from '../core/settle.ts';
import definition from '../kinds/merge.ts';

/**
 * Groups the k-th packet of each input `in[0..n]` of one process into group k. Packets that leave
 * their group incomplete are echoed; the one completing it sends the joined group to `out` (or an
 * error to `error`) and gets that answer.
 */
export default implement(definition, {
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
