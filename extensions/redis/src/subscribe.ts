import { defineKind } from '@flowc/runtime';
import { Type } from '@flowc/runtime/schema';
import { subscribeProblems } from './checks.ts';
import { consumerFields, url } from './fields.ts';

const names = (what: string) => Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })], { description: what });

/** Subscribes to Redis pub/sub channels or patterns: each message runs the flow (at most once: pub/sub has no acks). */
export default defineKind({
  kind: 'redis-subscribe',
  description: 'Subscribes to Redis pub/sub channels (SUBSCRIBE) or patterns (PSUBSCRIBE); each message runs the flow on `out`. At most once: Redis keeps no message for a subscriber.',
  schema: Type.Object({
    url,
    channel: Type.Optional(names('a channel, or a list of them')),
    pattern: Type.Optional(names('a glob-style pattern (`events.*`), or a list of them')),
    ...consumerFields,
  }),
  inputs: {},
  outputs: { out: {}, error: {} },
  implementation: './subscribe.runtime.ts',
  check: (fields) => subscribeProblems(fields),
});
