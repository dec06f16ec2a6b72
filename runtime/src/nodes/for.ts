import { implement } from '../core/kind.ts';
import { isError } from '../core/packet.ts';
import { andThen, attempt, joinAll } from '../core/settle.ts';
import definition from '../kinds/for.ts';

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
    return {
      inputs: {
        in(payload, proc) {
          const elements: readonly unknown[] = Array.isArray(payload) ? payload : [payload];
          const joined = elements.length === 0 ? [] : joinAll(elements.map((element) => attempt(() => each.send(element, proc))));
          return andThen(joined, (result) => (isError(result) ? error.send(result, proc) : after.send(result, proc)));
        },
      },
    };
  },
});
