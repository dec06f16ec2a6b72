// Field schemas both MQTT kinds share (definition modules only).
import { Type } from '@flowc/runtime/schema';

export const url = Type.String({ minLength: 1, description: 'broker URL: mqtt://host:1883, mqtts://…, ws://…, wss://… (user:password@ allowed)' });
export const qos = Type.Integer({ description: 'MQTT QoS: 0 at most once, 1 at least once, 2 exactly once' });
export const clientId = Type.String({ minLength: 1, description: 'MQTT client id (default: a random one per connection)' });
export const username = Type.String({ description: 'user name to connect with' });
export const password = Type.String({ description: 'password to connect with' });
