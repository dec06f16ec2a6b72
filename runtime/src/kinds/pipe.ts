import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';

/** Two hops: the answer of `out[0]` is fed to `out[1]` (or to `error` when it is an error). */
export default defineKind({
  kind: 'pipe',
  description: 'Sends the input to `out[0]`, then its answer to `out[1]` (errors to `error`); the last answer is returned.',
  schema: Type.Object({}),
  inputs: { in: {} },
  outputs: { out: { indexed: true }, error: {} },
  implementation: '@flowc/runtime/nodes/pipe',
});
