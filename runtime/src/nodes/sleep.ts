import { defineKind } from '../core/kind.ts';
import { DURATION_PATTERN, parseDuration } from '../core/duration.ts';
import type { Process } from '../core/process.ts';
import { attempt } from '../core/settle.ts';

interface SleepFields {
  interval: number | string;
}

/** Durations made only of zeros ("0", "0s", "0.0ms", "0h0m"): the interval must be positive. */
const ZERO_DURATION = '^(?:[0.]+(?:ns|us|\\u00b5s|\\u03bcs|ms|h|m|s)?)+$';

/** Waits `interval`, then sends the input on. Packets of one process wait their turn. */
export const sleep = defineKind<SleepFields>({
  kind: 'sleep',
  description: 'Delays each packet by `interval`, then sends it to `out`; later packets of the same process wait their turn.',
  schema: {
    type: 'object',
    properties: {
      interval: {
        description: 'how long to wait (> 0): milliseconds, or Go syntax such as 250ms, 1.5s',
        anyOf: [
          { type: 'number', exclusiveMinimum: 0 },
          { type: 'string', pattern: DURATION_PATTERN, not: { pattern: ZERO_DURATION } },
        ],
      },
    },
    required: ['interval'],
  },
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
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
export default sleep;

/** Waits `ms`, or rejects with the reason as soon as the process is aborted. */
function delay(ms: number, proc: Process): Promise<void> {
  if (proc.aborted) return Promise.reject(proc.abortedBy);
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
