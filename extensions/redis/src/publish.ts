import { defineKind } from '@flowc/runtime';
import { Type } from '@flowc/runtime/schema';
import { publishProblems } from './checks.ts';
import { url } from './fields.ts';

/** Publishes the payload on a Redis channel (PUBLISH) or adds it to a stream (XADD). */
export default defineKind({
  kind: 'redis-publish',
  description: 'Publishes the payload on a Redis channel (PUBLISH) or adds it to a stream (XADD `data`, `content-type`); answers with the receiver count or the entry id.',
  schema: Type.Object({
    url,
    channel: Type.Optional(Type.String({ minLength: 1, description: 'the channel to PUBLISH on' })),
    stream: Type.Optional(Type.String({ minLength: 1, description: 'the stream to XADD to' })),
    maxLen: Type.Optional(Type.Integer({ minimum: 1, description: 'trim the stream to about this many entries (XADD MAXLEN ~)' })),
    contentType: Type.Optional(Type.String({ minLength: 1, description: 'how the payload is encoded (default: text for strings, bytes as they are, JSON otherwise)' })),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: './publish.runtime.ts',
  check: (fields) => publishProblems(fields),
});
