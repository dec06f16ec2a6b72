import { implement } from '../core/kind.ts';
import { FlowError, isError } from '../core/packet.ts';
import type { InHandler } from '../core/port.ts';
import { harnessOf } from '../core/harness.ts';
import { andThen, attempt } from '../core/settle.ts';
import definition from '../kinds/mock.ts';

/** A mocked node: the case's harness answers each packet, and the answer leaves as the real node's would. */
export default implement(definition, {
  create({ name, fields, out, host }) {
    const output = fields.out === undefined ? undefined : out(fields.out);
    const error = fields.error === undefined ? undefined : out(fields.error);
    const inputs: Record<string, InHandler> = {};
    for (const port of fields.inputs) {
      inputs[port] = (payload, proc) => {
        const harness = harnessOf(host);
        if (!harness) return new FlowError(`mock \`${name}\`: started outside a test case`);
        return andThen(attempt(() => harness.mock(name, port, payload)), (answer) => {
          if (isError(answer)) return error ? error.send(answer, proc) : answer;
          return output ? output.send(answer, proc) : answer;
        });
      };
    }
    return { inputs };
  },
});
