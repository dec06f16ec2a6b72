import { consume, implement, parseDuration, type ConsumerFeed, type ConsumerSubscription, shownUrl } from '@flowc/runtime';
import type { IClientSubscribeOptions, IPublishPacket, MqttClient } from 'mqtt';
import { HeldAcks } from './acks.ts';
import { subscribeProblems, throwFirst } from './checks.ts';
import { backOffReconnects, clientOptions, connectOnce, isFatal, SubscriptionRefused } from './connect.ts';
import { mqttPayload } from './message.ts';
import { tolerateQos2Overrun } from './qos2.ts';
import { sharedFilter } from './topic.ts';
import definition from './subscribe.ts';

export const DEFAULT_MAX_IN_FLIGHT = 16;

export default implement(definition, {
  create(ctx) {
    const { fields, name } = ctx;
    throwFirst(subscribeProblems(fields));
    const filters = (Array.isArray(fields.topic) ? fields.topic : [fields.topic]).map((topic) => sharedFilter(topic, fields.group));
    const qos = (fields.qos ?? 1) as IClientSubscribeOptions['qos'];
    const maxInFlight = fields.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    const sessionExpiry = fields.sessionExpiry === undefined ? undefined : Math.ceil(parseDuration(fields.sessionExpiry) / 1000);
    const options = clientOptions(fields, {
      clean: sessionExpiry === undefined,
      properties: { receiveMaximum: maxInFlight, ...(sessionExpiry === undefined ? {} : { sessionExpiryInterval: sessionExpiry }) },
    });

    const open = async (feed: ConsumerFeed): Promise<ConsumerSubscription> => {
      let acks!: HeldAcks;
      function deliver(packet: IPublishPacket): void {
        const id = packet.messageId;
        if (packet.qos > 0 && id !== undefined) acks.hold(id);
        feed.deliver({
          payload: () => mqttPayload(packet),
          ack: () => (id === undefined ? undefined : acks.settle(id, false)),
          reject: () => (id === undefined ? undefined : acks.settle(id, true)),
        });
      }
      const client = await connectOnce(
        fields.url,
        {
          ...options,
          // QoS 2 messages are handed over on PUBLISH, so that their PUBREC waits for the flow too.
          customHandleAcks: (_topic, _message, packet, done) => {
            if (packet.qos === 2) deliver(packet);
            done(0);
          },
        },
        // Set up before the CONNACK: a kept session's messages can follow it at once.
        (created) => {
          acks = new HeldAcks(created);
          tolerateQos2Overrun(created);
          created.handleMessage = (packet, callback) => {
            if (packet.qos === 2) return callback();
            deliver(packet);
            // QoS 0 has no ack to wait on: the next packet is read once a slot is free (TCP pushes back).
            if (packet.qos === 0 && feed.free === 0) void feed.whenFree().then(() => callback());
            else callback();
          };
        },
      );
      backOffReconnects(client);
      client.on('offline', () => {
        acks.clear();
        feed.down(new Error('the broker is unreachable'));
      });
      client.on('close', () => acks.clear());
      client.on('error', (error) => feed.log('warn', error.message));
      client.on('connect', () => feed.up());
      try {
        const granted = await client.subscribeAsync(filters, { qos });
        const refused = granted.filter((grant) => ![0, 1, 2].includes(grant.qos));
        if (refused.length > 0) throw new SubscriptionRefused(`the broker refused the subscription to ${refused.map((g) => `${g.topic} (reason ${g.qos})`).join(', ')}`);
      } catch (problem) {
        await client.endAsync(true);
        throw problem;
      }
      return {
        stop: async () => {
          // A kept session keeps its subscription: what arrives while stopped waits in it for the next start.
          if (sessionExpiry === undefined && client.connected) await client.unsubscribeAsync(filters);
        },
        close: () => closeClient(client),
      };
    };

    const consumer = consume(ctx, {
      key: `mqtt-subscribe:${fields.url}|${filters.join(',')}|${qos}|${fields.clientId ?? ''}|${fields.username ?? ''}|${maxInFlight}|${sessionExpiry ?? ''}`,
      label: `mqtt-subscribe \`${name}\` (${filters.join(', ')} on ${shownUrl(fields.url)})`,
      maxInFlight,
      retries: fields.retries,
      retryDelay: fields.retryDelay,
      open,
      isFatal,
    });
    return { inputs: {}, load: consumer.load, unload: consumer.unload };
  },
});

/** Ends the connection after sending what is queued (the last acks), and gives up waiting after a while. */
async function closeClient(client: MqttClient): Promise<void> {
  if (!client.connected) return client.endAsync(true);
  await Promise.race([client.endAsync(false), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  if (!client.disconnected) await client.endAsync(true);
}
