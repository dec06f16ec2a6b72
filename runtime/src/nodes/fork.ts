import { implement } from '../core/kind.ts';
import { isError, NONE } from '../core/packet.ts';
import { andThen, attempt } from '../core/settle.ts';
import definition from '../kinds/fork.ts';

/**
 * Runs the rest of the flow in a child process and answers the caller at once with NONE. The child
 * hands an error answer to `error`, then waits for its own children and exits.
 */
export default implement(definition, {
  create({ out }) {
    const output = out('out');
    const error = out('error');
    return {
      inputs: {
        in(payload, proc) {
          const child = proc.fork();
          const reported = andThen(attempt(() => output.send(payload, child)), (answer) => {
            if (!isError(answer)) return undefined;
            return andThen(error.connected ? attempt(() => error.send(answer, child)) : undefined, () => answer);
          });
          void Promise.resolve(reported)
            .then(async (failure) => {
              await child.join();
              await child.exit(isError(failure) ? failure : undefined);
            })
            // Nobody waits for a fork: an exit hook that fails has nowhere to report to.
            .catch(() => undefined);
          return NONE;
        },
      },
    };
  },
});
