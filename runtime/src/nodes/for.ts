import { implement } from '../core/kind.ts';
import { isError } from '../core/packet.ts';
import type { Process } from '../core/process.ts';
import { andThen, attempt, joinAll } from '../core/settle.ts';
import definition from '../kinds/for.ts';

/** Elements sent in one go before `for` yields to the event loop (see sendInBatches). */
const BATCH = 1024;

/**
 * Sends each element of a list to `out[0]` at once and joins the answers; the joined result goes to
 * `out[1]` (an error to `error`). An empty list joins to `[]` instead of hanging as uniflow does.
 */
export default implement(definition, {
  create({ out }) {
    // out[1] exists even when the spec never names it: unwired, the joined result is the answer.
    const each = out('out[0]');
    const after = out('out[1]');
    const error = out('error');
    const sendAll = (elements: readonly unknown[], from: number, to: number, proc: Process): unknown[] => {
      const answers: unknown[] = [];
      for (let i = from; i < to; i++) answers.push(attempt(() => each.send(elements[i], proc)));
      return answers;
    };
    /**
     * A long list is sent a batch at a time, yielding to the event loop between batches: other requests are
     * served meanwhile, and an aborted process (its client left) sends no further elements.
     */
    const sendInBatches = async (elements: readonly unknown[], proc: Process): Promise<unknown> => {
      const answers: unknown[] = [];
      for (let from = 0; from < elements.length; from += BATCH) {
        if (from > 0) await new Promise(setImmediate);
        if (proc.aborted) return proc.abortedBy;
        answers.push(...sendAll(elements, from, Math.min(from + BATCH, elements.length), proc));
      }
      return joinAll(answers);
    };
    return {
      inputs: {
        in(payload, proc) {
          const elements: readonly unknown[] = Array.isArray(payload) ? payload : [payload];
          const joined = elements.length === 0 ? [] : elements.length <= BATCH ? joinAll(sendAll(elements, 0, elements.length, proc)) : sendInBatches(elements, proc);
          return andThen(joined, (result) => (isError(result) ? error.send(result, proc) : after.send(result, proc)));
        },
      },
    };
  },
});
