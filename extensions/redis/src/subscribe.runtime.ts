import type { Socket } from 'node:net';
import { consume, decodeMessage, implement, parseDuration, type ConsumerFeed, type ConsumerSubscription, shownUrl } from '@flowc/runtime';
import { subscribeProblems, throwFirst } from './checks.ts';
import { connectOnce, isAuthError } from './client.ts';
import definition from './subscribe.ts';

/** What the flow receives for a pub/sub message. */
export interface ChannelPayload {
  channel: string;
  /** The pattern that matched, for PSUBSCRIBE. */
  pattern?: string;
  contentType: string;
  /** The message, detected as JSON, text or bytes (pub/sub carries no content type). */
  body: unknown;
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export default implement(definition, {
  create(ctx) {
    const { name, fields } = ctx;
    throwFirst(subscribeProblems(fields));
    const channels = list(fields.channel);
    const patterns = list(fields.pattern);
    const maxInFlight = fields.maxInFlight ?? 16;
    const consumer = consume(ctx, {
      key: `redis-subscribe:${JSON.stringify({ url: fields.url, channels, patterns, maxInFlight })}`,
      label: `redis-subscribe \`${name}\` (${[...channels, ...patterns].join(', ')} on ${shownUrl(fields.url)})`,
      maxInFlight,
      ...(fields.retries === undefined ? {} : { retries: fields.retries }),
      ...(fields.retryDelay === undefined ? {} : { retryDelay: parseDuration(fields.retryDelay) }),
      isFatal: isAuthError,
      open: (feed) => openSubscription(feed, fields.url, channels, patterns),
    });
    return { inputs: {}, load: () => consumer.load(), unload: () => consumer.unload() };
  },
});

async function openSubscription(feed: ConsumerFeed, url: string, channels: string[], patterns: string[]): Promise<ConsumerSubscription> {
  const client = await connectOnce(url);
  let closing = false;
  client.on('end', () => closing || feed.lost(new Error('the connection to Redis closed')));
  // Backpressure: with every slot taken, the socket is not read, so Redis holds the messages (up to its
  // client-output-buffer-limit for pub/sub, past which it drops the connection: then they are lost).
  const socket = (client as unknown as { stream?: Socket }).stream;
  let paused = false;
  const deliver = (channel: Buffer, message: Buffer, pattern?: Buffer): void => {
    feed.deliver({
      payload: () => {
        const decoded = decodeMessage(message);
        return { channel: channel.toString(), ...(pattern ? { pattern: pattern.toString() } : {}), contentType: decoded.contentType, body: decoded.body };
      },
      ack: () => undefined,
      reject: (error) => feed.log('error', `a message on ${channel.toString()} was dropped: ${error.message}`),
    });
    if (feed.free === 0 && !paused && socket) {
      paused = true;
      socket.pause();
      void feed.whenFree().then(() => {
        paused = false;
        socket.resume();
      });
    }
  };
  client.on('messageBuffer', (channel: Buffer, message: Buffer) => deliver(channel, message));
  client.on('pmessageBuffer', (pattern: Buffer, channel: Buffer, message: Buffer) => deliver(channel, message, pattern));
  try {
    if (channels.length > 0) await client.subscribe(...channels);
    if (patterns.length > 0) await client.psubscribe(...patterns);
  } catch (error) {
    closing = true;
    client.disconnect();
    throw error;
  }
  return {
    async stop() {
      if (paused) socket?.resume();
      if (channels.length > 0) await client.unsubscribe(...channels);
      if (patterns.length > 0) await client.punsubscribe(...patterns);
    },
    close() {
      closing = true;
      client.disconnect();
    },
  };
}
