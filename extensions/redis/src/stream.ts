import { defineKind } from '@flowc/runtime';
import { duration, Type } from '@flowc/runtime/schema';
import { streamProblems } from './checks.ts';
import { consumerFields, url } from './fields.ts';

/**
 * Consumes a Redis stream in a consumer group: XREADGROUP, XACK once the flow answered without error,
 * XAUTOCLAIM of entries another consumer left pending, a dead-letter stream for entries that keep failing.
 */
export default defineKind({
  kind: 'redis-stream',
  description: 'Consumes a Redis stream in a consumer group (XREADGROUP); each entry runs the flow on `out` and is XACKed only after it answers without error; entries left pending by a dead consumer are reclaimed (XAUTOCLAIM).',
  schema: Type.Object({
    url,
    stream: Type.String({ minLength: 1, description: 'the stream to consume' }),
    group: Type.String({ minLength: 1, description: 'the consumer group: instances in one group share the entries' }),
    consumer: Type.Optional(Type.String({ minLength: 1, description: 'this consumer’s name in the group (default: host name and process id)' })),
    start: Type.Optional(Type.String({ minLength: 1, description: 'where a group created by this node starts: `$` new entries (default), `0` the whole stream, or an entry id' })),
    minIdle: Type.Optional({ ...duration, description: 'an entry pending this long on any consumer is taken over (XAUTOCLAIM; default 30s); longer than the slowest flow' }),
    deadLetter: Type.Optional(Type.String({ minLength: 1, description: 'stream that receives entries still failing after the retries (XADD, then XACK); without it they are acknowledged and logged' })),
    ...consumerFields,
  }),
  inputs: {},
  outputs: { out: {}, error: {} },
  implementation: './stream.runtime.ts',
  check: (fields) => streamProblems(fields),
});
