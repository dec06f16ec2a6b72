import { defineKind } from '../core/kind.ts';
import { isError } from '../core/packet.ts';
import { andThen, attempt } from '../core/settle.ts';

/** Calls `out`; an error answer is handed to `error`, whose answer then stands for it. */
export const tryKind = defineKind({
  kind: 'try',
  description: 'Sends the input to `out`; if the answer is an error it goes to `error`, whose answer is returned.',
  schema: { type: 'object', properties: {} },
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
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
export default tryKind;
