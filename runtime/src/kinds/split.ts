import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';

/** Element i of a list goes to `out[i]`; the answers are joined in port order. */
export default defineKind({
  kind: 'split',
  description: 'Sends element i of a list to `out[i]` (extra elements are dropped, a non-list goes to `out[0]`) and joins the answers.',
  schema: Type.Object({}),
  inputs: { in: {} },
  outputs: { out: { indexed: true }, error: {} },
  implementation: '@flowc/runtime/nodes/split',
});
