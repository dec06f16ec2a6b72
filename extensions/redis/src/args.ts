// Payload values as Redis arguments, and Redis replies as payload values (runtime side).
import { FlowError } from '@flowc/runtime';

/** Strings as they are, numbers and booleans as text (`true` → "1"), bytes as bytes, maps and lists as JSON. */
export function redisArg(value: unknown): string | Buffer {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value === null || value === undefined) throw new FlowError('a Redis argument cannot be null');
  return JSON.stringify(value);
}

/** Replies as plain payload values: bytes as Uint8Array views, nested lists kept, errors inside EXEC replies raised. */
export function plainReply(reply: unknown): unknown {
  if (Buffer.isBuffer(reply)) return new Uint8Array(reply.buffer, reply.byteOffset, reply.byteLength);
  if (Array.isArray(reply)) return reply.map(plainReply);
  if (reply instanceof Error) throw reply;
  return reply;
}
