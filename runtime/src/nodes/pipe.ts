import { implement } from '../core/kind.ts';
import { isError } from '../core/packet.ts';
import { andThen, attempt } from '../core/settle.ts';
import definition from '../kinds/pipe.ts';

/** Two hops: the answer of `out[0]` is fed to `out[1]` (or to `error` when it is an error). */
export default implement(definition, {
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
