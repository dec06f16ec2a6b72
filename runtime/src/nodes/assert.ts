import { implement } from '../core/kind.ts';
import { FlowError, toError } from '../core/packet.ts';
import { harnessOf } from '../core/harness.ts';
import { celProgram } from '../lang/cel.ts';
import definition from '../kinds/assert.ts';

/**
 * Checks `self` with the `expect` expression. `self` is the checked payload: the first element of an
 * incoming `[payload, index]`, or, with `target`, the latest payload that left that node's port in
 * this test (none → the check fails). Passes `[payload, index]` on through `out`.
 */
export default implement(definition, {
  create({ fields, modules, out, host }) {
    const expect = celProgram(fields.expect, modules, ['expect']);
    const output = out('out');
    const error = out('error');
    const target = fields.target ? { name: fields.target.name, port: fields.target.port ?? 'out' } : undefined;
    return {
      inputs: {
        in(payload, proc) {
          let [value, index] = framed(payload);
          if (target) {
            const packets = harnessOf(host)?.packets(target.name, target.port) ?? [];
            if (packets.length === 0) return error.send(new FlowError(`assert: no packet left \`${target.name}\` through \`${target.port}\` during the test`), proc);
            index = packets.length - 1;
            value = packets[index];
          }
          let result: unknown;
          try {
            result = expect(value);
          } catch (thrown) {
            return error.send(toError(thrown), proc);
          }
          if (result !== true) {
            return error.send(new FlowError(`assert: \`${fields.expect}\` is false for ${describe(value)}`, { data: value }), proc);
          }
          return output.send([value, index], proc);
        },
      },
    };
  },
});

/** `[payload, index]` as the test node and other asserts send it; anything else is a payload at index 0. */
function framed(payload: unknown): [unknown, number] {
  if (Array.isArray(payload) && payload.length === 2 && typeof payload[1] === 'number') return [payload[0], payload[1]];
  return [payload, 0];
}

function describe(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return String(value);
  }
}
