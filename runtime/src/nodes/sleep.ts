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
export default sleep;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
