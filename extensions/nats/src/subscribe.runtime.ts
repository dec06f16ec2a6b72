import { consume, implement, isError, NONE, type ConsumerFeed, type ConsumerMessage, type ConsumerSubscription } from '@flowc/runtime';
import type { Msg } from 'nats';
import { subscribeProblems, throwFirst } from './checks.ts';
import { connectOnce, isFatal, watchStatus } from './connect.ts';
import { decodeBody, encodeBody, headerMap } from './message.ts';
import { shownServers } from './names.ts';
import definition from './subscribe.ts';

export const DEFAULT_MAX_IN_FLIGHT = 64;

/** What the flow receives for a NATS message. */
export interface NatsPayload {
  subject: string;
  reply?: string;
  header: Record<string, string[]>;
  contentType: string;
  body: unknown;
}

export function natsPayload(msg: Pick<Msg, 'subject' | 'data' | 'headers' | 'reply'>): NatsPayload {
  const header = headerMap(msg.headers);
  const { body, contentType } = decodeBody(msg.data, header);
  const payload: NatsPayload = { subject: msg.subject, header, contentType, body };
  if (msg.reply) payload.reply = msg.reply;
  return payload;
}

/** A request is answered with the flow's answer; a failed one with the NATS service error headers. */
function reply(msg: Msg, answer: unknown): void {
  if (!msg.reply) return;
  if (isError(answer)) {
    const { data, headers } = encodeBody({ error: answer.message }, undefined, { 'Nats-Service-Error': answer.message, 'Nats-Service-Error-Code': '500' });
    msg.respond(data, { headers });
    return;
  }
  const { data, headers } = encodeBody(answer === NONE ? '' : answer, undefined);
  msg.respond(data, { headers });
}

/** A core NATS message as the consumer settles it: only a request has something to send back. */
class CoreMessage implements ConsumerMessage {
  constructor(private readonly msg: Msg) {}

  payload(): NatsPayload {
    return natsPayload(this.msg);
  }

  ack(answer: unknown): void {
    reply(this.msg, answer);
  }

  reject(error: Error): void {
    reply(this.msg, error);
  }
}

export default implement(definition, {
  create(ctx) {
    const { fields, name } = ctx;
    throwFirst(subscribeProblems(fields));
    const maxInFlight = fields.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;

    const open = async (feed: ConsumerFeed): Promise<ConsumerSubscription> => {
      const connection = await connectOnce(fields, `flowc ${name}`);
      watchStatus(connection, feed);
      // A callback, not the async iterator: the messages of one socket read are handed over in one turn,
      // so what the flow publishes for them leaves in one write. Core NATS has no flow control: past
      // `maxInFlight`, messages wait in the consumer's queue, in arrival order.
      const subscription = connection.subscribe(fields.subject, {
        ...(fields.queue === undefined ? {} : { queue: fields.queue }),
        callback: (problem, msg) => {
          if (problem) return feed.log('warn', `subscription error: ${problem.message}`);
          feed.deliver(new CoreMessage(msg));
        },
      });
      // The server has the subscription once the flush round trip is done.
      await connection.flush();
      return {
        stop: async () => {
          if (!connection.isClosed()) await subscription.drain();
        },
        close: async () => {
          if (!connection.isClosed()) await connection.drain();
        },
      };
    };

    const consumer = consume(ctx, {
      key: `nats-subscribe:${fields.url}|${fields.subject}|${fields.queue ?? ''}|${fields.user ?? ''}|${fields.token ?? ''}|${maxInFlight}`,
      label: `nats-subscribe \`${name}\` (${fields.subject}${fields.queue ? ` in queue ${fields.queue}` : ''} on ${shownServers(fields.url)})`,
      maxInFlight,
      retries: fields.retries,
      retryDelay: fields.retryDelay,
      open,
      isFatal,
    });
    return { inputs: {}, load: consumer.load, unload: consumer.unload };
  },
});
