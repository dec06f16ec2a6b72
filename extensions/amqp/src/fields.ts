// Field schemas the AMQP kinds share (definition modules only).
import { duration, enumOf, Type } from '@flowc/runtime/schema';
import { EXCHANGE_TYPES } from './checks.ts';

export const url = Type.String({ minLength: 1, description: 'broker URL: amqp://user:password@host:5672/vhost, amqps://… for TLS' });
export const exchangeType = enumOf([...EXCHANGE_TYPES], { description: 'declare the exchange with this type (direct, fanout, topic, headers)' });

/** What every consuming kind takes: backpressure and bounded retries. */
export const consumerFields = {
  maxInFlight: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'most messages in the flow at once: the channel prefetch (default 16)' })),
  retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'attempts after the first before a failing message is rejected to the dead-letter queue (default 3)' })),
  retryDelay: Type.Optional({ ...duration, description: 'wait before the first retry, doubled for each next one (default 100ms)' }),
};
