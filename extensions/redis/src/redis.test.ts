import { randomBytes } from 'node:crypto';
import { FlowError, type Kind } from '@flowc/runtime';
import { createHost } from '@flowc/runtime/core/host';
import { addNode, addProbe, running, testProgram } from '@flowc/runtime/testing/graph';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { commandProblem, publishProblems, streamProblems, subscribeProblems, urlProblem } from './checks.ts';
import publish from './publish.runtime.ts';
import redis from './redis.runtime.ts';
import stream from './stream.runtime.ts';
import subscribe from './subscribe.runtime.ts';

const URL = process.env.FLOWC_TEST_REDIS ?? 'redis://127.0.0.1:6379/0';
const admin = new Redis(URL);
afterAll(() => admin.quit());

/** Names of their own for each test, so tests never collide. */
const unique = (what: string): string => `flowc-test-${what}-${randomBytes(5).toString('hex')}`;

function deferred<T = void>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('redis (commands)', () => {
  const program = (fields: Record<string, unknown> = {}) => {
    const p = testProgram();
    addNode(p, 'r', redis as Kind<never>, { url: URL, ...fields });
    return p;
  };

  it('runs a command and answers with the reply; a list of commands is one MULTI/EXEC transaction', async () => {
    const key = unique('k');
    await running(program(), async (run) => {
      expect(await run.send('r', 'in', ['SET', key, { a: 1 }])).toBe('OK');
      expect(await run.send('r', 'in', ['GET', key])).toBe('{"a":1}');
      expect(await run.send('r', 'in', ['GET', `${key}-missing`])).toBe(null);
      expect(await run.send('r', 'in', [['INCRBY', `${key}-n`, 2], ['INCR', `${key}-n`], ['LRANGE', `${key}-none`, 0, -1]])).toEqual([2, 3, []]);
      const wrong = (await run.send('r', 'in', ['INCR', key])) as Error;
      expect(wrong.message).toMatch(/not an integer/);
      const refused = (await run.send('r', 'in', ['SUBSCRIBE', 'x'])) as Error;
      expect(refused.message).toBe('SUBSCRIBE cannot run on a shared connection: use the redis-subscribe kind');
      expect(await run.send('r', 'in', 42)).toBeInstanceOf(FlowError);
    });
    await admin.del(key, `${key}-n`);
  });

  it('with `command` set, the payload is its arguments; `bytes` answers bulk strings as bytes', async () => {
    const key = unique('b');
    await admin.set(key, Buffer.from([0, 255]));
    await running(program({ command: 'GET', bytes: true }), async (run) => {
      expect(await run.send('r', 'in', key)).toEqual(new Uint8Array([0, 255]));
    });
    await admin.del(key);
  });

  it('refused credentials stop the program at start, naming the node', async () => {
    await expect(running(program({ url: 'redis://nobody:wrong@127.0.0.1:6379' }), () => Promise.resolve())).rejects.toThrow(/node `r`: cannot connect to Redis: .*(WRONGPASS|invalid)/);
  });
});

describe('redis-stream (consumer groups)', () => {
  /** redis-stream → probe running `flow` on each entry. */
  const consumer = (fields: Record<string, unknown>, flow: (payload: unknown) => unknown) => {
    const p = testProgram();
    const s = addNode(p, 's', stream as Kind<never>, { url: URL, start: '0', minIdle: '1s', retryDelay: 1, ...fields });
    const probe = addProbe(p, 'flow', (payload) => flow(payload));
    p.connect(s.output('out'), probe.input('in'));
    return p;
  };

  it('delivers each entry with its body decoded, and XACKs it once the flow answered without error', async () => {
    const key = unique('s');
    const seen: unknown[] = [];
    const all = deferred();
    await admin.xadd(key, '*', 'data', '{"n":1}', 'content-type', 'application/json', 'trace', 't1');
    await admin.xadd(key, '*', 'plain', 'yes');
    await running(consumer({ stream: key, group: 'g' }, (payload) => {
      seen.push(payload);
      if (seen.length === 2) all.resolve();
      return 'done';
    }), async () => {
      await all.promise;
    });
    expect(seen).toEqual([
      { stream: key, id: expect.any(String), header: { trace: 't1' }, contentType: 'application/json', body: { n: 1 } },
      { stream: key, id: expect.any(String), header: { plain: 'yes' }, body: { plain: 'yes' } },
    ]);
    // Both acked: nothing pending in the group.
    expect(await admin.xpending(key, 'g')).toEqual([0, null, null, null]);
    await admin.del(key);
  });

  it('retries a failing entry, then moves it to the dead-letter stream and acks it', async () => {
    const key = unique('s');
    let attempts = 0;
    await admin.xadd(key, '*', 'data', 'poison', 'content-type', 'text/plain');
    const dead = `${key}.dead`;
    await running(consumer({ stream: key, group: 'g', retries: 2, deadLetter: dead }, () => {
      attempts++;
      return new FlowError('cannot handle it');
    }), async () => {
      while ((await admin.xlen(dead)) === 0) await new Promise((resolve) => setImmediate(resolve));
    });
    expect(attempts).toBe(3);
    const [[, fields]] = (await admin.xrange(dead, '-', '+')) as [[string, string[]]];
    expect(fields).toEqual(['data', 'poison', 'content-type', 'text/plain', 'error', 'cannot handle it', 'source-stream', key, 'source-id', expect.any(String)]);
    expect((await admin.xpending(key, 'g'))[0]).toBe(0);
    await admin.del(key, dead);
  });

  it('takes over the entries a dead consumer left pending (XAUTOCLAIM after minIdle)', async () => {
    const key = unique('s');
    await admin.xgroup('CREATE', key, 'g', '0', 'MKSTREAM');
    for (let i = 0; i < 5; i++) await admin.xadd(key, '*', 'data', String(i));
    // A consumer that read them and died without acking.
    await admin.xreadgroup('GROUP', 'g', 'dead', 'COUNT', 5, 'STREAMS', key, '>');
    const seen: unknown[] = [];
    const all = deferred();
    await running(consumer({ stream: key, group: 'g', consumer: 'alive' }, (payload) => {
      seen.push((payload as { body: unknown }).body);
      if (seen.length === 5) all.resolve();
      return null;
    }), () => all.promise);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
    expect((await admin.xpending(key, 'g'))[0]).toBe(0);
    await admin.del(key);
  });

  it('holds at most maxInFlight entries in the flow', async () => {
    const key = unique('s');
    for (let i = 0; i < 20; i++) await admin.xadd(key, '*', 'data', String(i));
    let inFlight = 0;
    let most = 0;
    let done = 0;
    const all = deferred();
    await running(consumer({ stream: key, group: 'g', maxInFlight: 3 }, async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      if (++done === 20) all.resolve();
      return null;
    }), () => all.promise);
    expect(most).toBe(3);
    await admin.del(key);
  });
});

describe('redis-stream connections', () => {
  /** A host whose log lines the test reads. */
  const loggingHost = () => {
    const host = createHost();
    const lines: string[] = [];
    return { host: { ...host, log: (_level: string, message: string) => void lines.push(message) }, lines };
  };

  it('a server that does not answer at start: the program starts, logs it, and keeps trying', async () => {
    const p = testProgram();
    addNode(p, 's', stream as Kind<never>, { url: 'redis://127.0.0.1:1', stream: 'x', group: 'g' });
    const { host, lines } = loggingHost();
    const run = await p.start(host);
    await run.stop();
    expect(lines.join('\n')).toMatch(/redis-stream `s` \(x, group g on redis:\/\/127.0.0.1:1\): cannot connect \(.*ECONNREFUSED.*\); retrying in \d+ ms/);
  });

  it('connections the server drops are reopened, and entries keep coming', async () => {
    const key = unique('s');
    const consumerName = unique('c');
    const seen: unknown[] = [];
    let next = deferred();
    const p = testProgram();
    const s = addNode(p, 's', stream as Kind<never>, { url: URL, stream: key, group: 'g', consumer: consumerName, start: '0' });
    const probe = addProbe(p, 'flow', (payload) => {
      seen.push((payload as { body: unknown }).body);
      next.resolve();
      return null;
    });
    p.connect(s.output('out'), probe.input('in'));
    const { host, lines } = loggingHost();
    const run = await p.start(host);
    try {
      await admin.xadd(key, '*', 'data', '1');
      await next.promise;
      next = deferred();
      const clients = (await admin.client('LIST')) as string;
      const ids = clients.split('\n').filter((line) => line.includes(`name=flowc-stream-${consumerName}`)).map((line) => /id=(\d+)/.exec(line)![1]!);
      expect(ids).toHaveLength(2);
      for (const id of ids) await admin.client('KILL', 'ID', id);
      await admin.xadd(key, '*', 'data', '2');
      await next.promise;
      expect(seen).toEqual([1, 2]);
      expect(lines.join('\n')).toMatch(/connection lost \(the connection to Redis closed\); reconnecting/);
    } finally {
      await run.stop();
      await admin.del(key);
    }
  });
});

describe('redis-publish and redis-subscribe', () => {
  it('a published payload reaches the subscriber, decoded; a stream gets `data` and `content-type`', async () => {
    const channel = unique('c');
    const key = unique('s');
    const received = deferred<unknown>();
    const p = testProgram();
    const sub = addNode(p, 'sub', subscribe as Kind<never>, { url: URL, pattern: `${channel}*` });
    const probe = addProbe(p, 'flow', (payload) => received.resolve(payload));
    p.connect(sub.output('out'), probe.input('in'));
    addNode(p, 'pub', publish as Kind<never>, { url: URL, channel });
    addNode(p, 'add', publish as Kind<never>, { url: URL, stream: key, maxLen: 100 });
    await running(p, async (run) => {
      expect(await run.send('pub', 'in', { temperature: 21.5 })).toBe(1);
      expect(await received.promise).toEqual({ channel, pattern: `${channel}*`, contentType: 'application/json; charset=utf-8', body: { temperature: 21.5 } });
      const id = (await run.send('add', 'in', 'hello')) as string;
      expect(await admin.xrange(key, '-', '+')).toEqual([[id, ['data', 'hello', 'content-type', 'text/plain; charset=utf-8']]]);
    });
    await admin.del(key);
  });
});

describe('build-time checks', () => {
  it('reports bad URLs, refused commands and contradictory fields', () => {
    expect(urlProblem('http://x')).toMatch(/not Redis's/);
    expect(urlProblem('redis://h:6379/abc')).toMatch(/not a number/);
    expect(commandProblem('BLPOP')).toMatch(/blocking commands/);
    expect(commandProblem('xreadgroup', ['GROUP', 'g', 'c', 'BLOCK', '0'])).toMatch(/redis-stream kind/);
    expect(commandProblem('GET')).toBeUndefined();
    expect(publishProblems({ url: 'redis://h' })[0]?.message).toMatch(/needs a `channel` or a `stream`/);
    expect(publishProblems({ url: 'redis://h', channel: 'a', stream: 'b' })[0]?.message).toMatch(/not both/);
    expect(subscribeProblems({ url: 'redis://h' })[0]?.message).toMatch(/needs a `channel` or a `pattern`/);
    expect(streamProblems({ url: 'redis://h', stream: 's', start: 'later' })[0]?.message).toMatch(/not a stream position/);
    expect(streamProblems({ url: 'redis://h', stream: 's', deadLetter: 's' })[0]?.path).toEqual(['deadLetter']);
    expect(streamProblems({ url: '{{ .REDIS_URL }}', stream: 's', start: '$' })).toEqual([]);
  });
});
