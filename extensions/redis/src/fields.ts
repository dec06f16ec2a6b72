// Field schemas the Redis kinds share (definition modules only).
import { duration, Type } from '@flowc/runtime/schema';

export const url = Type.String({ minLength: 1, description: 'Redis URL: redis://[user:password@]host:6379[/db], rediss://… for TLS' });

/** What every consuming kind takes: backpressure and bounded retries. */
export const consumerFields = {
  maxInFlight: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'most messages in the flow at once (default 16)' })),
  retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'attempts after the first before a failing message is rejected (default 3)' })),
  retryDelay: Type.Optional({ ...duration, description: 'wait before the first retry, doubled for each next one (default 100ms)' }),
};
