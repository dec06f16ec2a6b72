import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';

/** Sends the input to `out` again while the answer is an error: at most `threshold + 1` attempts. */
export default defineKind({
  kind: 'retry',
  description: 'Sends the input to `out`, retrying up to `threshold` times while the answer is an error.',
  schema: Type.Object({
    threshold: Type.Optional(Type.Integer({ minimum: 0, description: 'retries after the first attempt' })),
  }),
  inputs: { in: {} },
  outputs: { out: {} },
  implementation: '@flowc/runtime/nodes/retry',
});
