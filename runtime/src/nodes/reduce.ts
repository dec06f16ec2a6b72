import { defineKind } from '../core/kind.ts';
import { duration } from '../core/schema.ts';
import { parseDuration } from '../core/duration.ts';
import { toError } from '../core/packet.ts';
import type { Process } from '../core/process.ts';
import { celInput, celProgram } from '../lang/cel.ts';

interface ReduceFields {
  action: string;
  init?: unknown;
  timeout?: number | string;
}

interface Accumulator {
  value: unknown;
  /** Inputs seen by this process, failed ones included. */
  index: number;
}

/** Folds the inputs of one process with a CEL action and sends the running value on every input. */
export const reduce = defineKind<ReduceFields>({
  kind: 'reduce',
  description: 'Folds the inputs of each process with a CEL action (`self` = [accumulator, input, index]) and emits the running value.',
  schema: {
    type: 'object',
    properties: {
      action: { type: 'string', minLength: 1, description: 'CEL expression; `self` is [accumulator, input, index]' },
      init: { description: 'the accumulator before the first input (default null)' },
      timeout: duration,
    },
    required: ['action'],
  },
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  expressions: (fields) => (typeof fields.action === 'string' ? [{ path: ['action'], source: fields.action }] : []),
  create({ fields, modules, out }) {
    const timeout = fields.timeout === undefined ? 0 : parseDuration(fields.timeout);
    const action = celProgram(fields.action, modules, ['action'], { timeout });
    const init = fields.init ?? null;
    const output = out('out');
    const error = out('error');
    // Keyed by the process itself, not its store: a child process starts its own fold.
    const accumulators = new Map<Process, Accumulator>();
    const accumulatorOf = (proc: Process): Accumulator => {
      let acc = accumulators.get(proc);
      if (!acc) {
        accumulators.set(proc, (acc = { value: init, index: 0 }));
        proc.onExit(() => void accumulators.delete(proc));
      }
      return acc;
    };
    return {
      inputs: {
        in(payload, proc) {
          const acc = accumulatorOf(proc);
          const index = acc.index++;
          let next: unknown;
          try {
            next = action([celInput(acc.value), celInput(payload), BigInt(index)]);
          } catch (thrown) {
            return error.send(toError(thrown), proc);
          }
          acc.value = next;
          return output.send(next, proc);
        },
      },
    };
  },
});
export default reduce;
