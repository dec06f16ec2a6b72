import { randomBytes } from 'node:crypto';
import { FlowError, type Kind } from '@flowc/runtime';
import { createHost } from '@flowc/runtime/core/host';
import { addNode, addProbe, running, testProgram } from '@flowc/runtime/testing/graph';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeProblems, publishProblems, urlProblem } from './checks.ts';
import consume from './consume.runtime.ts';
import publish from './publish.runtime.ts';

const URL = process.env.FLOWC_TEST_AMQP ?? 'amqp://guest:guest@127.0.0.1:5672';

let admin: amqp.ChannelModel;
let channel: amqp.Channel;
const declared: string[] = [];
const exchanges: string[] = [];
beforeAll(async () => {
  admin = await amqp.connect(URL);
  channel = await admin.createChannel();
});
afterAll(async () => {
  for (const queue of declared) await channel.deleteQueue(queue);
  for (const exchange of exchanges) await channel.deleteExchange(exchange);
  await admin.close();
});

/** A queue name of its own for each test (deleted after the tests). */
const unique = (what: string): string => {
  const name = `flowc-test-${what}-${randomBytes(5).toString('hex')}`;
  declared.push(name, `${name}.dead`);
  return name;
};

function deferred<T = void>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** amqp-consume → probe running `flow` on each message. */
function consumer(fields: Record<string, unknown>, flow: (payload: unknown) => unknown) {
  const p = testProgram();
  const c = addNode(p, 'c', consume as Kind<never>, { url: URL, retryDelay: 1, ...fields });
  const probe = addProbe(p, 'flow', (payload) => flow(payload));
  p.connect(c.output('out'), probe.input('in'));
  return p;
}

const messageCount = async (queue: string): Promise<number> => (await channel.checkQueue(queue)).messageCount;

describe('amqp-consume', () => {
  it('declares the queue, decodes each message by its content type, and acks it after the flow answered', async () => {
    const queue = unique('q');
    const seen: unknown[] = [];
    const both = deferred();
    await running(consumer({ queue }, (payload) => {
      seen.push(payload);
      if (seen.length === 2) both.resolve();
      return null;
    }), async () => {
      channel.sendToQueue(queue, Buffer.from('{"job":1}'), { contentType: 'application/json', messageId: 'm1', headers: { tenant: 'a' } });
      channel.sendToQueue(queue, Buffer.from('plain'), { contentType: 'text/plain' });
      await both.promise;
    });
    expect(seen).toEqual([
      { queue, exchange: '', routingKey: queue, redelivered: false, header: { tenant: 'a' }, contentType: 'application/json', messageId: 'm1', body: { job: 1 } },
      { queue, exchange: '', routingKey: queue, redelivered: false, header: {}, contentType: 'text/plain', body: 'plain' },
    ]);
    expect(await messageCount(queue)).toBe(0);
  });

  it('retries a failing message, then dead-letters it', async () => {
    const queue = unique('q');
    let attempts = 0;
    await running(consumer({ queue, deadLetter: `${queue}.dead`, retries: 2 }, () => {
      attempts++;
      return new FlowError('cannot handle it');
    }), async () => {
      channel.sendToQueue(queue, Buffer.from('poison'), { contentType: 'text/plain' });
      while ((await messageCount(`${queue}.dead`)) === 0) await new Promise((resolve) => setImmediate(resolve));
    });
    expect(attempts).toBe(3);
    const dead = (await channel.get(`${queue}.dead`, { noAck: true })) as amqp.GetMessage;
    expect(dead.content.toString()).toBe('poison');
    expect((dead.properties.headers?.['x-death'] as Array<{ queue: string; reason: string }>)[0]).toMatchObject({ queue, reason: 'rejected' });
  });

  it('prefetches maxInFlight: at most that many messages are in the flow', async () => {
    const queue = unique('q');
    let inFlight = 0;
    let most = 0;
    let done = 0;
    const all = deferred();
    await running(consumer({ queue, maxInFlight: 4 }, async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      if (++done === 40) all.resolve();
      return null;
    }), async () => {
      for (let i = 0; i < 40; i++) channel.sendToQueue(queue, Buffer.from(String(i)));
      await all.promise;
    });
    expect(most).toBe(4);
  });

  it('a queue that must exist and does not is a start error naming the node', async () => {
    const queue = unique('missing');
    await expect(running(consumer({ queue, declare: false }, () => null), () => Promise.resolve())).rejects.toThrow(/NOT_FOUND - no queue/);
  });

  it('a broker that does not answer at start: the program starts, logs it, and keeps trying', async () => {
    const host = createHost();
    const lines: string[] = [];
    const run = await consumer({ queue: 'q', url: 'amqp://guest:guest@127.0.0.1:1' }, () => null).start({ ...host, log: (_level, message) => void lines.push(message) });
    await run.stop();
    expect(lines.join('\n')).toMatch(/amqp-consume `c` \(q on amqp:\/\/guest:\*\*\*@127.0.0.1:1\): cannot connect \(.*ECONNREFUSED.*\); retrying in \d+ ms/);
  });

  it('refused credentials are a start error', async () => {
    await expect(running(consumer({ queue: unique('q'), url: 'amqp://guest:wrong@127.0.0.1:5672' }, () => null), () => Promise.resolve())).rejects.toThrow(/403|ACCESS_REFUSED|authentication/i);
  });
});

describe('amqp-publish', () => {
  it('publishes to a declared exchange with its routing key; a bound consumer gets the message', async () => {
    const queue = unique('q');
    const exchange = `${queue}.x`;
    exchanges.push(exchange);
    const received = deferred<unknown>();
    const p = consumer({ queue, exchange, exchangeType: 'topic', bindingKeys: ['orders.*'] }, (payload) => received.resolve(payload));
    addNode(p, 'pub', publish as Kind<never>, { url: URL, exchange, exchangeType: 'topic', routingKey: 'orders.created' });
    await running(p, async (run) => {
      expect(await run.send('pub', 'in', { id: 7 })).toEqual({ id: 7 });
      expect(await received.promise).toMatchObject({ exchange, routingKey: 'orders.created', contentType: 'application/json; charset=utf-8', body: { id: 7 } });
    });
  });

  it('an exchange that does not exist is a start error naming the node', async () => {
    const p = testProgram();
    addNode(p, 'pub', publish as Kind<never>, { url: URL, exchange: `flowc-test-none-${randomBytes(4).toString('hex')}`, routingKey: 'k' });
    await expect(running(p, () => Promise.resolve())).rejects.toThrow(/node `pub`: the exchange `flowc-test-none-\w+` does not exist/);
  });
});

describe('build-time checks', () => {
  it('reports bad URLs, missing names and contradictions', () => {
    expect(urlProblem('http://x')).toMatch(/not AMQP's/);
    expect(consumeProblems({ url: 'amqp://h', queue: '' })[0]?.message).toMatch(/must be named/);
    expect(consumeProblems({ url: 'amqp://h', queue: 'q', declare: false, deadLetter: 'd' })[0]?.path).toEqual(['deadLetter']);
    expect(consumeProblems({ url: 'amqp://h', queue: 'q', bindingKeys: ['a'] })[0]?.message).toMatch(/name it in `exchange`/);
    expect(consumeProblems({ url: 'amqp://h', queue: 'q', deadLetter: 'q' })[0]?.message).toMatch(/come back forever/);
    expect(consumeProblems({ url: 'amqp://h', queue: 'amq.mine' })[0]?.message).toMatch(/broker's own/);
    expect(publishProblems({ url: 'amqp://h' })[0]?.message).toMatch(/needs the queue name as `routingKey`/);
    expect(publishProblems({ url: 'amqp://h', exchangeType: 'topic', routingKey: 'k' })[0]?.path).toEqual(['exchangeType']);
    expect(publishProblems({ url: '{{ .AMQP_URL }}', exchange: 'x' })).toEqual([]);
  });
});
