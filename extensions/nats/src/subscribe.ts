import { defineKind } from '@flowc/runtime';
import { Type } from '@flowc/runtime/schema';
import { subscribeProblems } from './checks.ts';
import { maxInFlight, password, retries, retryDelay, token, url, user } from './fields.ts';

/** Subscribes to a NATS subject (optionally in a queue group); a request's reply is the flow's answer. */
export default defineKind({
  kind: 'nats-subscribe',
  description: 'Subscribes to a NATS subject, in a queue group when given; each message runs the flow on `out`, and a request (a message with a reply subject) is answered with the flow’s answer.',
  schema: Type.Object({
    url,
    subject: Type.String({ description: 'subject to subscribe to: `orders.created`, `orders.*`, `orders.>`' }),
    queue: Type.Optional(Type.String({ description: 'queue group: subscribers in one group share the messages, each goes to one of them' })),
    user,
    password,
    token,
    maxInFlight,
    retries,
    retryDelay,
  }),
  inputs: {},
  outputs: { out: {}, error: {} },
  implementation: './subscribe.runtime.ts',
  check: (fields) => subscribeProblems(fields),
});
