import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';
import { enumOf, storeField } from '../core/schema.ts';
import { RESOURCE_TYPES } from '../store/resource-types.ts';

/**
 * Emits `{op, id}` on `out` for every change of one store topic (`store`, `swap` or `delete`), each in
 * a new root process that ends with the answer's error, if any. Listens while the program runs,
 * including to changes made by other processes.
 */
export default defineKind({
  kind: 'signal',
  description: 'Emits {op, id} for every change of specs, values or charts in the store, each in a new process.',
  schema: Type.Object({
    topic: enumOf(RESOURCE_TYPES, { description: 'which resources to follow' }),
    namespace: Type.Optional(Type.String({ minLength: 1, description: 'only this namespace (default: every namespace)' })),
    store: Type.Optional(storeField),
  }),
  inputs: {},
  outputs: { out: {} },
  implementation: '@flowc/runtime/nodes/signal',
});
