import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';

export default defineKind({
  kind: 'nop',
  description: 'Answers every packet with None; ends a branch without echoing anything back.',
  schema: Type.Object({}),
  inputs: { in: {} },
  outputs: {},
  implementation: '@flowc/runtime/nodes/nop',
});
