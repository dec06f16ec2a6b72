import { defineKind } from '@flowc/runtime';
import { duration, Type } from '@flowc/runtime/schema';
import { subscribeProblems } from './checks.ts';
import { clientId, password, qos, url, username } from './fields.ts';

/** Subscribes to MQTT topic filters: each message runs the flow and is acked once the flow answered without error. */
export default defineKind({
  kind: 'mqtt-subscribe',
  description: 'Subscribes to MQTT topic filters (`+`, `#`, shared `$share/<group>/…`); each message runs the flow on `out`, acked only after it answers without error.',
  schema: Type.Object({
    url,
    topic: Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 1 })], { description: 'topic filter, or a list of them: `sensors/+/temperature`, `sensors/#`' }),
    group: Type.Optional(Type.String({ description: 'shared-subscription group: instances in one group share the messages (`$share/<group>/<filter>`)' })),
    qos: Type.Optional({ ...qos, description: 'subscription QoS (default 1): 0 at most once, 1 at least once, 2 exactly once' }),
    clientId: Type.Optional(clientId),
    username: Type.Optional(username),
    password: Type.Optional(password),
    sessionExpiry: Type.Optional({ ...duration, description: 'keep the session (subscription and unacked messages) this long after a disconnect; needs `clientId` (default: none, a clean session)' }),
    maxInFlight: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'most messages in the flow at once (the MQTT receive maximum; default 16)' })),
    retries: Type.Optional(Type.Integer({ minimum: 0, description: 'attempts after the first before a failing message is dropped (default 3)' })),
    retryDelay: Type.Optional({ ...duration, description: 'wait before the first retry, doubled for each next one (default 100ms)' }),
  }),
  inputs: {},
  outputs: { out: {}, error: {} },
  implementation: './subscribe.runtime.ts',
  check: (fields) => subscribeProblems(fields),
});
