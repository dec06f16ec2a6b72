import { consume, implement, parseDuration, type ConsumerFeed, type ConsumerSubscription } from '@flowc/runtime';
import { AckPolicy, DeliverPolicy, nanos, type JetStreamManager, type JsMsg } from 'nats';
import { jetstreamProblems, throwFirst } from './checks.ts';
import { connectOnce, isFatal, Refused, watchStatus } from './connect.ts';
import { decodeBody, headerMap } from './message.ts';
import { shownServers } from './names.ts';
import definition from './jetstream.ts';

export const DEFAULT_MAX_IN_FLIGHT = 64;
export const DEFAULT_ACK_WAIT = 30_000;

/** What the flow receives for a JetStream message. */
export interface JetStreamPayload {
  subject: string;
  stream: string;
  seq: number;
  /** How many times the server delivered it before (0 on the first delivery). */
  redelivered: number;
  header: Record<string, string[]>;
  contentType: string;
  body: unknown;
}

function jetStreamPayload(msg: JsMsg): JetStreamPayload {
  const header = headerMap(msg.headers);
  const { body, contentType } = decodeBody(msg.data, header);
  return { subject: msg.subject, stream: msg.info.stream, seq: msg.seq, redelivered: msg.info.redeliveryCount - 1, header, contentType, body };
}

function isNotFound(error: unknown): boolean {
  return /not found/i.test((error as Error).message ?? '') || (error as { api_error?: { code?: number } }).api_error?.code === 404;
}

export default implement(definition, {
  create(ctx) {
    const { fields, name } = ctx;
    throwFirst(jetstreamProblems(fields));
    const maxInFlight = fields.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    const ackWait = fields.ackWait === undefined ? DEFAULT_ACK_WAIT : parseDuration(fields.ackWait);

    /** The stream must exist; the durable consumer is created when it does not. */
    const declare = async (jsm: JetStreamManager): Promise<void> => {
      try {
        await jsm.streams.info(fields.stream);
      } catch (problem) {
        if (isNotFound(problem)) throw new Refused(`the JetStream stream ${JSON.stringify(fields.stream)} does not exist`);
        throw problem;
      }
      try {
        await jsm.consumers.info(fields.stream, fields.durable);
      } catch (problem) {
        if (!isNotFound(problem)) throw problem;
        await jsm.consumers.add(fields.stream, {
          durable_name: fields.durable,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
          max_ack_pending: maxInFlight,
          ack_wait: nanos(ackWait),
          ...(fields.subject === undefined ? {} : { filter_subject: fields.subject }),
        });
      }
    };

    const open = async (feed: ConsumerFeed): Promise<ConsumerSubscription> => {
      const connection = await connectOnce(fields, `flowc ${name}`);
      try {
        await declare(await connection.jetstreamManager());
      } catch (problem) {
        await connection.close();
        throw problem;
      }
      watchStatus(connection, feed);
      const source = await connection.jetstream().consumers.get(fields.stream, fields.durable);
      const messages = await source.consume({ max_messages: maxInFlight });
      const reading = (async () => {
        for await (const msg of messages) {
          if (feed.free === 0) await feed.whenFree();
          feed.deliver({
            payload: () => jetStreamPayload(msg),
            ack: () => msg.ack(),
            // Given up after its retries: terminated, so that the server does not deliver it again.
            reject: (error) => msg.term(error.message.slice(0, 200)),
          });
        }
      })();
      return {
        stop: async () => {
          await messages.close();
          await reading;
        },
        close: async () => {
          if (!connection.isClosed()) await connection.drain();
        },
      };
    };

    const consumer = consume(ctx, {
      key: `nats-jetstream:${fields.url}|${fields.stream}|${fields.durable}|${fields.user ?? ''}|${fields.token ?? ''}|${maxInFlight}`,
      label: `nats-jetstream \`${name}\` (${fields.stream}/${fields.durable} on ${shownServers(fields.url)})`,
      maxInFlight,
      retries: fields.retries,
      retryDelay: fields.retryDelay,
      open,
      isFatal,
    });
    return { inputs: {}, load: consumer.load, unload: consumer.unload };
  },
});
