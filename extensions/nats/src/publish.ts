import { defineKind } from '@flowc/runtime';
import { Type } from '@flowc/runtime/schema';
import { publishProblems } from './checks.ts';
import { password, token, url, user } from './fields.ts';

/** Publishes each packet to a NATS subject. */
export default defineKind({
  kind: 'nats-publish',
  description: 'Publishes each packet to a NATS subject (to a JetStream stream with `jetstream: true`, answered once the stream has stored it).',
  schema: Type.Object({
    url,
    subject: Type.Optional(Type.String({ description: 'subject to publish to; without it the packet is `{subject, body, header?}`' })),
    jetstream: Type.Optional(Type.Boolean({ description: 'publish to JetStream and wait for the stream’s ack (default false: core NATS, at most once)' })),
    contentType: Type.Optional(Type.String({ description: 'content type to encode the body as (default: JSON for maps and lists, text for strings, bytes as they are)' })),
    user,
    password,
    token,
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: './publish.runtime.ts',
  check: (fields) => publishProblems(fields),
});
