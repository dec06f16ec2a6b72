import { defineKind } from '@flowc/runtime';
import { Type } from '@flowc/runtime/schema';
import { publishProblems } from './checks.ts';
import { clientId, password, qos, url, username } from './fields.ts';

/** Publishes each packet to an MQTT topic. */
export default defineKind({
  kind: 'mqtt-publish',
  description: 'Publishes each packet to an MQTT topic (QoS, retain); answers once the broker has it (PUBACK/PUBCOMP for QoS 1/2).',
  schema: Type.Object({
    url,
    topic: Type.Optional(Type.String({ description: 'topic to publish to; without it the packet is `{topic, body, qos?, retain?, header?}`' })),
    qos: Type.Optional({ ...qos, description: 'publish QoS (default 0)' }),
    retain: Type.Optional(Type.Boolean({ description: 'the broker keeps the message as the topic’s last value for new subscribers (default false)' })),
    contentType: Type.Optional(Type.String({ description: 'content type to encode the body as (default: JSON for maps and lists, text for strings, bytes as they are)' })),
    clientId: Type.Optional(clientId),
    username: Type.Optional(username),
    password: Type.Optional(password),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: './publish.runtime.ts',
  check: (fields) => publishProblems(fields),
});
