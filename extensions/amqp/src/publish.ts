import { defineKind } from '@flowc/runtime';
import { Type } from '@flowc/runtime/schema';
import { publishProblems } from './checks.ts';
import { exchangeType, url } from './fields.ts';

/** Publishes the payload to an AMQP exchange with a routing key, and answers once the broker confirmed it. */
export default defineKind({
  kind: 'amqp-publish',
  description: 'Publishes the payload to an AMQP 0-9-1 exchange with a routing key (persistent, publisher-confirmed); answers once the broker has it.',
  schema: Type.Object({
    url,
    exchange: Type.Optional(Type.String({ description: 'the exchange (default: the default exchange, which routes to the queue named by the routing key)' })),
    exchangeType: Type.Optional({ ...exchangeType, description: 'declare the exchange with this type at start; without it, the exchange must exist' }),
    routingKey: Type.Optional(Type.String({ description: 'the routing key (default empty)' })),
    contentType: Type.Optional(Type.String({ minLength: 1, description: 'how the payload is encoded (default: text for strings, bytes as they are, JSON otherwise)' })),
    persistent: Type.Optional(Type.Boolean({ description: 'messages survive a broker restart in durable queues (default true)' })),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: './publish.runtime.ts',
  check: (fields) => publishProblems(fields),
});
