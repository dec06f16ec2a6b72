import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';
import { enumOf, storeField } from '../core/schema.ts';
import { OPCODES } from '../store/resource-types.ts';

/**
 * Calls a store operation with the packet and answers with its result (a list of resources). Store
 * errors go to `error` as error payloads whose `data.code` says what went wrong (`INVALID`,
 * `DUPLICATE`, `NOT_FOUND`, `REFUSED`, `UNAVAILABLE`), so a flow can answer 400 or 404 instead of 500.
 */
export default defineKind({
  kind: 'syscall',
  description: 'Calls a store operation (specs|values|charts . create|read|update|delete) with the packet; answers the resulting list.',
  schema: Type.Object({
    opcode: enumOf(OPCODES, { description: '<type>.<operation>, e.g. specs.read' }),
    store: Type.Optional(storeField),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/syscall',
});
