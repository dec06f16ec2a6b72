import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';
import { duration } from '../core/schema.ts';

/** Remembers the answer of `out` per input (compared by value), with LRU eviction and a TTL. */
export default defineKind({
  kind: 'cache',
  description: 'Answers repeated inputs from memory: LRU over `capacity` entries, each kept for `interval`; errors are not cached.',
  schema: Type.Object({
    capacity: Type.Optional(Type.Integer({ minimum: 0, description: 'maximum number of entries; 0 = unbounded' })),
    interval: Type.Optional({ ...duration, description: 'time to live of an entry; 0 = no expiry' }),
  }),
  inputs: { in: {} },
  outputs: { out: {} },
  implementation: '@flowc/runtime/nodes/cache',
});
