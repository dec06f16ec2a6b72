import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';

/**
 * Groups the k-th packet of each input `in[0..n]` of one process into group k. Packets that leave
 * their group incomplete are echoed; the one completing it sends the joined group to `out` (or an
 * error to `error`) and gets that answer.
 */
export default defineKind({
  kind: 'merge',
  description: 'Joins the k-th packets of every input in[0..n] of one process and sends the result to `out` (errors to `error`).',
  schema: Type.Object({}),
  inputs: { in: { indexed: true } },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/merge',
});
