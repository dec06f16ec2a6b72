import { defineKind } from '../core/kind.ts';
import { isError } from '../core/packet.ts';
import { andThen, attempt } from '../core/settle.ts';

/** Two hops: the answer of `out[0]` is fed to `out[1]` (or to `error` when it is an error). */
export const pipe = defineKind({
  kind: 'pipe',
  description: 'Sends the input to `out[0]`, then its answer to `out[1]` (errors to `error`); the last answer is returned.',
  schema: { type: 'object', properties: {} },
  inputs: { in: {} },
  outputs: { out: { indexed: true }, error: {} },
  create({ out }) {
    // out[1] exists even when the spec never names it: unwired, its input is the answer.
    const first = out('out[0]');
    const second = out('out[1]');
    const error = out('error');
    return {
      inputs: {
        in: (payload, proc) =>
          andThen(attempt(() => first.send(payload, proc)), (answer) =>
            isError(answer) ? error.send(answer, proc) : second.send(answer, proc),
          ),
      },
    };
  },
});
export default pipe;
