import { consume as runConsumer, decodeMessage, encodeMessage, implement, parseDuration, type ConsumerFeed, type ConsumerSubscription, shownUrl } from '@flowc/runtime';
import type { ConsumeMessage } from 'amqplib';
import { consumeProblems, throwFirst } from './checks.ts';
import { connect, isFatal, toBuffer } from './connection.ts';
import definition from './consume.ts';

/** What the flow receives for an AMQP message. */
export interface AmqpPayload {
  queue: string;
  exchange: string;
  routingKey: string;
  redelivered: boolean;
  /** The message's headers table. */
  header: Record<string, unknown>;
  contentType: string;
  messageId?: string;
  correlationId?: string;
  replyTo?: string;
  /** The body decoded by its content type (JSON → value, text → string, else bytes). */
  body: unknown;
}

interface Settings {
  readonly url: string;
  readonly queue: string;
  readonly declare: boolean;
  readonly durable: boolean;
  readonly exchange: string | undefined;
  readonly exchangeType: string;
  readonly bindingKeys: readonly string[];
  readonly deadLetter: string | undefined;
  readonly prefetch: number;
}

export default implement(definition, {
  create(ctx) {
    const { name, fields } = ctx;
    throwFirst(consumeProblems(fields));
    const settings: Settings = {
      url: fields.url,
      queue: fields.queue,
      declare: fields.declare ?? true,
      durable: fields.durable ?? true,
      exchange: fields.exchange,
      exchangeType: fields.exchangeType ?? 'direct',
      bindingKeys: fields.bindingKeys ?? [fields.queue],
      deadLetter: fields.deadLetter,
      prefetch: fields.maxInFlight ?? 16,
    };
    const consumer = runConsumer(ctx, {
      key: `amqp-consume:${JSON.stringify(settings)}`,
      label: `amqp-consume \`${name}\` (${settings.queue} on ${shownUrl(settings.url)})`,
      maxInFlight: settings.prefetch,
      ...(fields.retries === undefined ? {} : { retries: fields.retries }),
      ...(fields.retryDelay === undefined ? {} : { retryDelay: parseDuration(fields.retryDelay) }),
      isFatal,
      open: (feed) => openQueue(feed, settings),
    });
    return { inputs: {}, load: () => consumer.load(), unload: () => consumer.unload() };
  },
});

/** Declares what the node names, then consumes with prefetch = maxInFlight and manual acks. */
async function openQueue(feed: ConsumerFeed, s: Settings): Promise<ConsumerSubscription> {
  const connection = await connect(s.url);
  let closing = false;
  const close = async (): Promise<void> => {
    closing = true;
    await connection.close().catch(() => undefined);
  };
  connection.on('close', (error?: Error) => closing || feed.lost(error ?? new Error('the connection to the broker closed')));
  try {
    const channel = await connection.createChannel();
    // A channel error (a failed ack, a deleted queue) closes the channel: the connection is then reopened.
    channel.on('error', () => undefined);
    channel.on('close', () => closing || feed.lost(new Error('the channel closed')));
    if (s.declare) {
      if (s.deadLetter) await channel.assertQueue(s.deadLetter, { durable: s.durable });
      await channel.assertQueue(s.queue, {
        durable: s.durable,
        // The default exchange routes a dead-lettered message to the queue its routing key names.
        ...(s.deadLetter ? { deadLetterExchange: '', deadLetterRoutingKey: s.deadLetter } : {}),
      });
      if (s.exchange !== undefined) {
        await channel.assertExchange(s.exchange, s.exchangeType, { durable: s.durable });
        for (const key of s.bindingKeys) await channel.bindQueue(s.queue, s.exchange, key);
      }
    } else await channel.checkQueue(s.queue);
    await channel.prefetch(s.prefetch);
    const { consumerTag } = await channel.consume(s.queue, (message) => {
      // null: the broker cancelled the consumer (the queue was deleted).
      if (message === null) return closing || feed.lost(new Error(`the broker cancelled the consumer of ${s.queue}`));
      feed.deliver({
        payload: () => amqpPayload(s.queue, message),
        ack: (answer) => {
          channel.ack(message);
          reply(channel, message, answer);
        },
        // Dead-lettered when the queue has a dead-letter exchange, else dropped by the broker.
        reject: (error) => {
          channel.nack(message, false, false);
          feed.log('error', `message ${message.properties.messageId ?? message.fields.deliveryTag} rejected${s.deadLetter ? ` to ${s.deadLetter}` : ' (no dead-letter queue: dropped)'}: ${error.message}`);
        },
      });
    });
    return {
      stop: async () => {
        await channel.cancel(consumerTag);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Request/reply: a message with `replyTo` gets the flow's answer, with its correlation id. */
function reply(channel: { sendToQueue(queue: string, content: Buffer, options?: object): boolean }, message: ConsumeMessage, answer: unknown): void {
  const to = message.properties.replyTo as string | undefined;
  if (!to) return;
  const { bytes, contentType } = encodeMessage(typeof answer === 'symbol' ? null : answer);
  channel.sendToQueue(to, toBuffer(bytes), { correlationId: message.properties.correlationId, contentType });
}

function amqpPayload(queue: string, message: ConsumeMessage): AmqpPayload {
  const { properties, fields } = message;
  const decoded = decodeMessage(message.content, properties.contentType as string | undefined);
  const payload: AmqpPayload = {
    queue,
    exchange: fields.exchange,
    routingKey: fields.routingKey,
    redelivered: fields.redelivered,
    header: { ...(properties.headers ?? {}) },
    contentType: decoded.contentType,
    body: decoded.body,
  };
  if (properties.messageId !== undefined) payload.messageId = properties.messageId as string;
  if (properties.correlationId !== undefined) payload.correlationId = properties.correlationId as string;
  if (properties.replyTo !== undefined) payload.replyTo = properties.replyTo as string;
  return payload;
}
