import { acquire, encodeMessage, FlowError, implement, type Lease, shownUrl } from '@flowc/runtime';
import { connect, type IClientPublishOptions, type MqttClient } from 'mqtt';
import { publishProblems, throwFirst } from './checks.ts';
import { backOffReconnects, clientOptions, isFatal, sendAtOnce } from './connect.ts';
import { topicProblem } from './topic.ts';
import definition from './publish.ts';

/** A shared publishing connection, and the refusal that stops it from ever connecting (bad credentials). */
interface Publisher {
  readonly client: MqttClient;
  refused?: Error;
}

interface Outgoing {
  readonly topic: string;
  readonly body: unknown;
  readonly qos: IClientPublishOptions['qos'];
  readonly retain: boolean;
  readonly header?: Record<string, string | string[]>;
}

export default implement(definition, {
  create({ name, fields, out, host }) {
    throwFirst(publishProblems(fields));
    const output = out('out');
    const error = out('error');
    const label = `mqtt-publish \`${name}\``;
    let lease: Lease<Publisher> | undefined;

    const outgoing = (payload: unknown): Outgoing => {
      const qos = (fields.qos ?? 0) as IClientPublishOptions['qos'];
      const retain = fields.retain ?? false;
      if (fields.topic !== undefined) return { topic: fields.topic, body: payload, qos, retain };
      if (payload === null || typeof payload !== 'object' || typeof (payload as { topic?: unknown }).topic !== 'string')
        throw new FlowError(`${label}: without a \`topic\` field the packet is {topic, body}; got ${payload === null ? 'null' : typeof payload}`);
      const envelope = payload as { topic: string; body?: unknown; qos?: unknown; retain?: unknown; header?: unknown };
      const problem = topicProblem(envelope.topic);
      if (problem) throw new FlowError(`${label}: bad topic ${JSON.stringify(envelope.topic)}: ${problem}`);
      const ownQos = envelope.qos === undefined ? qos : envelope.qos;
      if (ownQos !== 0 && ownQos !== 1 && ownQos !== 2) throw new FlowError(`${label}: QoS ${JSON.stringify(envelope.qos)} is out of range (0, 1 or 2)`);
      return {
        topic: envelope.topic,
        body: envelope.body ?? null,
        qos: ownQos,
        retain: typeof envelope.retain === 'boolean' ? envelope.retain : retain,
        ...(envelope.header !== null && typeof envelope.header === 'object' ? { header: envelope.header as Record<string, string[]> } : {}),
      };
    };

    const publish = async (payload: unknown): Promise<void> => {
      const publisher = lease?.value;
      if (!publisher) throw new FlowError(`${label} is not connected`);
      if (publisher.refused && !publisher.client.connected) throw new FlowError(`${label}: the broker refused the connection: ${publisher.refused.message}`);
      const message = outgoing(payload);
      const encoded = encodeMessage(message.body, fields.contentType);
      const bytes = typeof encoded.bytes === 'string' ? Buffer.from(encoded.bytes) : Buffer.from(encoded.bytes.buffer, encoded.bytes.byteOffset, encoded.bytes.byteLength);
      await publisher.client.publishAsync(message.topic, bytes, {
        qos: message.qos,
        retain: message.retain,
        properties: { contentType: encoded.contentType, ...(message.header ? { userProperties: message.header } : {}) },
      });
    };

    return {
      inputs: {
        in(payload, proc) {
          return publish(payload).then(
            () => output.send(payload, proc),
            (problem: unknown) => error.send(problem instanceof FlowError ? problem : new FlowError(`${label}: ${(problem as Error).message}`, { cause: problem }), proc),
          );
        },
      },
      async load() {
        const key = `mqtt-publish:${fields.url}|${fields.clientId ?? ''}|${fields.username ?? ''}|${fields.password ?? ''}`;
        const shown = shownUrl(fields.url);
        lease = await acquire(host, key, {
          open: () => openPublisher(fields.url, clientOptions(fields, { clean: true }), shown, host.log.bind(host)),
          close: (publisher) => publisher.client.endAsync(false),
        });
      },
      async unload() {
        await lease?.release();
        lease = undefined;
      },
    };
  },
});

/**
 * Connects, and waits for the first answer only: a broker that refuses the credentials stops the program at
 * start; one that cannot be reached yet is connected in the background (publishes wait for it, the library
 * queues them). Later drops are logged.
 */
async function openPublisher(url: string, options: ReturnType<typeof clientOptions>, shown: string, log: (level: 'info' | 'warn' | 'error', message: string) => void): Promise<Publisher> {
  const publisher: Publisher = { client: connect(url, options) };
  const { client } = publisher;
  sendAtOnce(client);
  backOffReconnects(client);
  let down = false;
  client.on('connect', () => {
    publisher.refused = undefined;
    if (down) log('info', `mqtt-publish: connected again to ${shown}`);
    down = false;
  });
  client.on('offline', () => {
    if (!down) log('warn', `mqtt-publish: ${shown} is unreachable; reconnecting (publishes wait)`);
    down = true;
  });
  client.on('error', (error) => {
    if (isFatal(error)) publisher.refused = error;
    log('warn', `mqtt-publish: ${shown}: ${error.message}`);
  });
  await new Promise<void>((resolve, reject) => {
    const done = (): void => {
      client.off('connect', onConnect);
      client.off('close', onClose);
      client.off('error', onError);
    };
    const onConnect = (): void => (done(), resolve());
    // Closed without a refusal: unreachable for now, the reconnects go on in the background.
    const onClose = (): void => (done(), resolve());
    const onError = (error: Error): void => {
      if (!isFatal(error)) return;
      done();
      client.end(true);
      reject(new Error(`${shown}: ${error.message}`, { cause: error }));
    };
    client.on('connect', onConnect);
    client.on('close', onClose);
    client.on('error', onError);
  });
  return publisher;
}
