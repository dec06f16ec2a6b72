import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';

/**
 * uniflow's `test`: `flowc test` runs it; a build for production leaves it out, with every node only
 * it reaches. No fields and no in-ports: the runner starts it.
 */
export default defineKind({
  kind: 'test',
  description: 'A test `flowc test` runs: `out[0]` (or `out`) runs the workflow under test; `out[1]`, when wired, checks `[payload, index]` of its answer. An error answer fails the test.',
  schema: Type.Object({}),
  inputs: {},
  outputs: { out: { indexed: true } },
  implementation: '@flowc/runtime/nodes/test',
});
