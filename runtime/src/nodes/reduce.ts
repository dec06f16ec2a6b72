import { implement } from '../core/kind.ts';
import { parseDuration } from '../core/duration.ts';
import { toError } from '../core/packet.ts';
import type { Process } from '../core/process.ts';
import { celInput, celProgram } from '../lang/cel.ts';
import definition from '../kinds/reduce.ts';

interface Accumulator {
  value: unknown;
  /** Inputs seen by this process, failed ones included. */
  index: number;
}

/** Folds the inputs of one process with a CEL action and sends the running value on every input. */
export default implement(definition, {
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
