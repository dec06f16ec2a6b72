import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';

/**
 * `io` stores session data for the sending process (until it exits). `in` broadcasts
 * `[data, input]` to `out` once per live session, each in a child of the session's process.
 */
export default defineKind({
  kind: 'session',
  description: 'Keeps data per process (`io`) and broadcasts each `in` packet with every session’s data to `out`.',
  schema: Type.Object({}),
  inputs: { io: {}, in: {} },
  outputs: { out: {} },
  implementation: '@flowc/runtime/nodes/session',
});
