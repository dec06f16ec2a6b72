import { acquire, encodeMessage, FlowError, implement, type HostServices, type Lease, shownUrl } from '@flowc/runtime';
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { publishProblems, throwFirst } from './checks.ts';
import { connect, toBuffer } from './connection.ts';
import definition from './publish.ts';

/**
 * One connection and confirm channel per URL, shared by publishing nodes and program versions. A lost
 * connection is reopened by the next publish (which fails if the broker still does not answer).
 */
class Publisher {
  private open: Promise<{ connection: ChannelModel; channel: ConfirmChannel }> | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly host: HostServices,
  ) {}

  channel(): Promise<ConfirmChannel> {
    if (this.closed) return Promise.reject(new Error('the publisher is closed'));
    this.open ??= this.connect();
    return this.open.then((o) => o.channel);
  }

  private async connect(): Promise<{ connection: ChannelModel; channel: ConfirmChannel }> {
    let connection: ChannelModel;
    try {
      connection = await connect(this.url);
    } catch (error) {
      this.open = undefined;
      throw error;
    }
    const forget = (why: string) => () => {
      if (this.closed || !this.open) return;
      this.open = undefined;
      this.host.log('warn', `amqp-publish: ${why} (${shownUrl(this.url)}); the next publish reconnects`);
    };
    connection.on('close', forget('the connection to the broker closed'));
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    channel.on('close', () => {
      forget('the channel closed')();
      void connection.close().catch(() => undefined);
    });
    return { connection, channel };
  }

  async close(): Promise<void> {
    this.closed = true;
    const open = await this.open?.catch(() => undefined);
    this.open = undefined;
    await open?.connection.close().catch(() => undefined);
  }
}

export default implement(definition, {
  create({ name, fields, out, host }) {
    throwFirst(publishProblems(fields));
    const output = out('out');
    const error = out('error');
    const label = `amqp-publish \`${name}\``;
    const exchange = fields.exchange ?? '';
    const routingKey = fields.routingKey ?? '';
    const persistent = fields.persistent ?? true;
    let lease: Lease<Publisher> | undefined;

    /** Resolves once the broker confirmed the message (publisher confirms). */
    const publish = async (payload: unknown): Promise<unknown> => {
      const publisher = lease?.value;
      if (!publisher) throw new FlowError(`${label} is not connected`);
      const channel = await publisher.channel();
      const { bytes, contentType } = encodeMessage(payload, fields.contentType);
      await new Promise<void>((resolve, reject) => {
        channel.publish(exchange, routingKey, toBuffer(bytes), { persistent, contentType }, (problem: unknown) => (problem ? reject(problem instanceof Error ? problem : new Error('the broker refused the message')) : resolve()));
      });
      return payload;
    };

    return {
      inputs: {
        in(payload, proc) {
          return publish(payload).then(
            (answer) => output.send(answer, proc),
            (problem: unknown) => error.send(problem instanceof FlowError ? problem : new FlowError(`${label}: ${(problem as Error).message}`, { cause: problem }), proc),
          );
        },
      },
      async load() {
        lease = await acquire(host, `amqp-publish:${fields.url}`, { open: () => new Publisher(fields.url, host), close: (p) => p.close() });
        try {
          // Declares the exchange the node names, or checks it exists: a missing one is a start error.
          const channel = await lease.value.channel();
          if (fields.exchangeType) await channel.assertExchange(exchange, fields.exchangeType, { durable: true });
          else if (exchange !== '') await channel.checkExchange(exchange);
        } catch (problem) {
          const held = lease;
          lease = undefined;
          await held.release();
          const message = (problem as Error).message;
          throw new Error(`${/NOT_FOUND/.test(message) ? `the exchange \`${exchange}\` does not exist (declare it, or give \`exchangeType\` to have the node declare it)` : `cannot connect to the broker at ${shownUrl(fields.url)}: ${message}`}`);
        }
      },
      async unload() {
        const held = lease;
        lease = undefined;
        await held?.release();
      },
    };
  },
});
