import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';
import { duration } from '../core/schema.ts';

/** Sends the input to `out[0]` when a CEL condition on it is truthy, to `out[1]` otherwise. */
export default defineKind({
  kind: 'if',
  description: 'Evaluates a CEL condition on the input (`self`): truthy → out[0], falsy → out[1], evaluation error → error.',
  schema: Type.Object({
    when: Type.String({ minLength: 1, description: 'CEL expression; `self` is the input' }),
    timeout: Type.Optional(duration),
  }),
  inputs: { in: {} },
  outputs: { out: { indexed: true }, error: {} },
  implementation: '@flowc/runtime/nodes/if',
  expressions: (fields) => (typeof fields.when === 'string' ? [{ path: ['when'], source: fields.when }] : []),
});
