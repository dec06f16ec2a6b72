import { implement } from '../core/kind.ts';
import { isError } from '../core/packet.ts';
import { andThen, attempt } from '../core/settle.ts';
import definition from '../kinds/try.ts';

/** Calls `out`; an error answer is handed to `error`, whose answer then stands for it. */
export default implement(definition, {
  create({ out }) {
    const output = out('out');
    const error = out('error');
    return {
      inputs: {
        in: (payload, proc) =>
          andThen(attempt(() => output.send(payload, proc)), (answer) => (isError(answer) ? error.send(answer, proc) : answer)),
      },
    };
  },
});
