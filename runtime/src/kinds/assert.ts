import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';

/** uniflow's `assert`: a CEL check inside a `test`; it exists only in test builds. */
export default defineKind({
  kind: 'assert',
  description: 'Checks `[payload, index]` with a CEL expression over `self` (or the packet that left `target.port` of node `target.name` during the test) and passes `[payload, index]` on through `out`; a false check answers an error.',
  schema: Type.Object({
    expect: Type.String({ minLength: 1, description: 'CEL expression over `self`, the value checked; must be true' }),
    target: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, description: 'the node whose packet is checked' }),
          port: Type.Optional(Type.String({ minLength: 1, description: 'its out-port (default `out`)' })),
        },
        { additionalProperties: false, description: 'check the packet that left this node\'s port during the test instead of the input' },
      ),
    ),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/assert',
  expressions: (fields) => (typeof fields.expect === 'string' ? [{ path: ['expect'], source: fields.expect }] : []),
});
