import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';

/**
 * Runs the rest of the flow in a child process and answers the caller at once with NONE. The child
 * hands an error answer to `error`, then waits for its own children and exits.
 */
export default defineKind({
  kind: 'fork',
  description: 'Sends the input to `out` in a child process and answers None at once; a failing child reports to `error`.',
  schema: Type.Object({}),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/fork',
});
