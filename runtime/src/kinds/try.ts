import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';

/** Calls `out`; an error answer is handed to `error`, whose answer then stands for it. */
export default defineKind({
  kind: 'try',
  description: 'Sends the input to `out`; if the answer is an error it goes to `error`, whose answer is returned.',
  schema: Type.Object({}),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/try',
});
