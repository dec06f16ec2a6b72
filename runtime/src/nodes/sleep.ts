import { implement } from '../core/kind.ts';
import { parseDuration } from '../core/duration.ts';
import type { Process } from '../core/process.ts';
import { attempt } from '../core/settle.ts';
import definition from '../kinds/sleep.ts';

/** Waits `interval`, then sends the input on. Packets of one process wait their turn. */
export default implement(definition, {
  create({ fields, out }) {
    const ms = parseDuration(fields.interval);
    if (!(ms >= 0)) throw new Error('`interval` must be a duration of 0 or more');
    const output = out('out');
    // The end of the last wait queued by each process; gone once that process has nothing waiting.
    const queues = new Map<Process, Promise<void>>();
    return {
      inputs: {
        in(payload, proc) {
          const previous = queues.get(proc);
          const waited = previous ? previous.then(() => delay(ms, proc)) : delay(ms, proc);
          queues.set(proc, waited);
          const dequeue = (): void => {
            if (queues.get(proc) === waited) queues.delete(proc);
          };
          return waited.then(
            () => {
              dequeue();
              return attempt(() => output.send(payload, proc));
            },
            (reason: Error) => {
              // The process was aborted (its client left): the packet is not sent on, and neither are those queued after it.
              dequeue();
              return reason;
            },
          );
        },
      },
    };
  },
});

/** Waits `ms`, or rejects with the reason as soon as the process is aborted. */
function delay(ms: number, proc: Process): Promise<void> {
  if (proc.aborted) return Promise.reject(proc.abortedBy);
  if (ms === 0) return Promise.resolve();
  const signal = proc.signal;
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
