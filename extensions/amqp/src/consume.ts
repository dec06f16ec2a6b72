import { defineKind } from '@flowc/runtime';
import { Type } from '@flowc/runtime/schema';
import { consumeProblems } from './checks.ts';
import { consumerFields, exchangeType, url } from './fields.ts';

/** Consumes an AMQP queue: each message runs the flow and is acked once the flow answered without error. */
export default defineKind({
  kind: 'amqp-consume',
  description: 'Consumes an AMQP 0-9-1 queue (RabbitMQ) with prefetch = maxInFlight; each message runs the flow on `out`, acked only after it answers without error, dead-lettered after the retries.',
  schema: Type.Object({
    url,
    queue: Type.String({ description: 'the queue to consume' }),
    declare: Type.Optional(Type.Boolean({ description: 'declare the queue (and exchange, bindings, dead-letter queue) at start (default true); false: they must exist' })),
    durable: Type.Optional(Type.Boolean({ description: 'declare the queue durable (default true)' })),
    exchange: Type.Optional(Type.String({ description: 'declare this exchange and bind the queue to it' })),
    exchangeType: Type.Optional(exchangeType),
    bindingKeys: Type.Optional(Type.Array(Type.String(), { minItems: 1, description: 'routing keys (patterns, for topic exchanges) the queue is bound with (default: the queue name)' })),
    deadLetter: Type.Optional(Type.String({ minLength: 1, description: 'declare this queue and make it the queue’s dead-letter queue: rejected messages go there' })),
    ...consumerFields,
  }),
  inputs: {},
  outputs: { out: {}, error: {} },
  implementation: './consume.runtime.ts',
  check: (fields) => consumeProblems(fields),
});
