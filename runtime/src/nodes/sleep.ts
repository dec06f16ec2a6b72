import { implement } from '../core/kind.ts';
import { parseDuration } from '../core/duration.ts';
import type { Process } from '../core/process.ts';
import { attempt } from '../core/settle.ts';
import definition from '../kinds/sleep.ts';

/** Waits `interval`, then sends the input on. Packets of one process wait their turn. */
export default implement(definition, {
  create({ fields, out }) {
    const ms = parseDuration(fields.interval);
    if (!(ms > 0)) throw new Error('`interval` must be longer than 0');
    const output = out('out');
    // The end of the last wait queued by each process; gone once that process has nothing waiting.
    const queues = new Map<Process, Promise<void>>();
    return {
      inputs: {
        in(payload, proc) {
          const previous = queues.get(proc);
          const waited = previous ? previous.then(() => delay(ms)) : delay(ms);
          queues.set(proc, waited);
          return waited.then(() => {
            if (queues.get(proc) === waited) queues.delete(proc);
            return attempt(() => output.send(payload, proc));
          });
        },
      },
    };
  },
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
