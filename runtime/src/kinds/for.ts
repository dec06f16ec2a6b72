import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';

/**
 * Sends each element of a list to `out[0]` at once and joins the answers; the joined result goes to
 * `out[1]` (an error to `error`). An empty list joins to `[]` instead of hanging as uniflow does.
 */
export default defineKind({
  kind: 'for',
  description: 'Sends every element of a list to `out[0]`, joins the answers and passes the result to `out[1]` (errors to `error`).',
  schema: Type.Object({}),
  inputs: { in: {} },
  outputs: { out: { indexed: true }, error: {} },
  implementation: '@flowc/runtime/nodes/for',
});
