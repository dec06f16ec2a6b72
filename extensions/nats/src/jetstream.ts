import { defineKind } from '@flowc/runtime';
import { duration, Type } from '@flowc/runtime/schema';
import { jetstreamProblems } from './checks.ts';
import { maxInFlight, password, retries, retryDelay, token, url, user } from './fields.ts';

/** Consumes a JetStream stream through a durable pull consumer with explicit acks. */
export default defineKind({
  kind: 'nats-jetstream',
  description: 'Consumes a JetStream stream through a durable pull consumer (created when missing); each message runs the flow on `out` and is acked only after it answers without error.',
  schema: Type.Object({
    url,
    stream: Type.String({ description: 'the stream to consume (it must exist)' }),
    durable: Type.String({ description: 'durable consumer name: instances with the same name share the messages' }),
    subject: Type.Optional(Type.String({ description: 'filter subject of the consumer, when it is created (default: every subject of the stream)' })),
    ackWait: Type.Optional({ ...duration, description: 'how long the server waits for an ack before it redelivers, when the consumer is created (default 30s)' }),
    user,
    password,
    token,
    maxInFlight,
    retries,
    retryDelay,
  }),
  inputs: {},
  outputs: { out: {}, error: {} },
  implementation: './jetstream.runtime.ts',
  check: (fields) => jetstreamProblems(fields),
});
