import { implement } from '../core/kind.ts';
import { parseDuration } from '../core/duration.ts';
import { toError } from '../core/packet.ts';
import type { OutPort } from '../core/port.ts';
import { celPredicate } from '../lang/cel.ts';
import definition from '../kinds/if.ts';

export default implement(definition, {
  create({ fields, modules, indexed, out }) {
    const timeout = fields.timeout === undefined ? 0 : parseDuration(fields.timeout);
    const when = celPredicate(fields.when, modules, ['when'], { timeout });
    const [yes, no] = indexed('out');
    const error = out('error');
    return {
      inputs: {
        in(payload, proc) {
          let chosen: OutPort | undefined;
          try {
            chosen = when(payload) ? yes : no;
          } catch (thrown) {
            return error.send(toError(thrown), proc);
          }
          // A branch nobody referenced does not exist: the input is echoed, as an unwired port would do.
          return chosen ? chosen.send(payload, proc) : payload;
        },
      },
    };
  },
});
