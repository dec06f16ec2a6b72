import { defineKind } from '../core/kind.ts';
import { duration } from '../core/schema.ts';
import { parseDuration } from '../core/duration.ts';
import { toError } from '../core/packet.ts';
import type { OutPort } from '../core/port.ts';
import { celPredicate } from '../lang/cel.ts';

interface IfFields {
  when: string;
  timeout?: number | string;
}

/** Sends the input to `out[0]` when a CEL condition on it is truthy, to `out[1]` otherwise. */
export const ifKind = defineKind<IfFields>({
  kind: 'if',
  description: 'Evaluates a CEL condition on the input (`self`): truthy → out[0], falsy → out[1], evaluation error → error.',
  schema: {
    type: 'object',
    properties: {
      when: { type: 'string', minLength: 1, description: 'CEL expression; `self` is the input' },
      timeout: duration,
    },
    required: ['when'],
  },
  inputs: { in: {} },
  outputs: { out: { indexed: true }, error: {} },
  expressions: (fields) => (typeof fields.when === 'string' ? [{ path: ['when'], source: fields.when }] : []),
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
export default ifKind;
