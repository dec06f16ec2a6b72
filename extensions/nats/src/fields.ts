// Field schemas the NATS kinds share (definition modules only).
import { duration, Type } from '@flowc/runtime/schema';

export const url = Type.String({ minLength: 1, description: 'server URL, or several comma-separated: nats://127.0.0.1:4222' });
export const user = Type.Optional(Type.String({ description: 'user name to connect with' }));
export const password = Type.Optional(Type.String({ description: 'password to connect with' }));
export const token = Type.Optional(Type.String({ description: 'token to connect with' }));
export const maxInFlight = Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'most messages in the flow at once (default 64)' }));
export const retries = Type.Optional(Type.Integer({ minimum: 0, description: 'attempts after the first before a failing message is given up (default 3)' }));
export const retryDelay = Type.Optional({ ...duration, description: 'wait before the first retry, doubled for each next one (default 100ms)' });
