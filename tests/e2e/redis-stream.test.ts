// examples/redis-stream against the real Redis: instances of one bundle in one consumer group; every entry is
// counted once in normal operation; after a kill -9 the others take over its pending entries (XAUTOCLAIM), and
// only those can repeat; a hot swap loses none.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInFolder, copyExample, startInstances, steadyStream, stopAll, waitUntil, watchRun } from '../support/workers.ts';

const REDIS_URL = process.env.FLOWC_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const ORDERS = 10_000;
const MAX_IN_FLIGHT = 16;

describe('examples/redis-stream: a consumer group of bundle instances', () => {
  let bundle: string;
  let redis: Redis;
  const keys: string[] = [];

  beforeAll(() => {
    bundle = buildInFolder('examples/redis-stream', 'worker.yaml');
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    if (keys.length) await redis.del(...keys);
    await redis?.quit();
  });

  /** A stream of its own; the group is the worker's (`workers`, from the start). */
  const setUp = (): string => {
    const stream = `flowc-test-orders-${randomBytes(5).toString('hex')}`;
    keys.push(stream, `${stream}:seen`, `${stream}:totals`, `${stream}.dead`);
    return stream;
  };
  const send = async (stream: string, from: number, to: number): Promise<void> => {
    const batch = redis.pipeline();
    for (let i = from; i < to; i++) batch.xadd(stream, '*', 'data', JSON.stringify({ id: `o-${i}`, amount: 1 }), 'content-type', 'application/json');
    await batch.exec();
  };
  /** Ids counted, and counts added up (a repeated entry counts twice). */
  const counts = async (stream: string): Promise<{ counted: number; ids: number }> => {
    const seen = await redis.hgetall(`${stream}:seen`);
    const values = Object.values(seen).map(Number);
    return { counted: values.reduce((a, b) => a + b, 0), ids: values.length };
  };
  const pending = async (stream: string): Promise<number> => Number(((await redis.xpending(stream, 'workers')) as [number])[0]);
  const env = (stream: string) => () => ({ REDIS_URL, STREAM: stream });

  it('3 instances share 10,000 entries, each counted exactly once; SIGTERM drains and exits 0', async () => {
    const stream = setUp();
    await send(stream, 0, ORDERS);
    const instances = await startInstances(bundle, 3, env(stream));
    await waitUntil(async () => (await counts(stream)).ids === ORDERS && (await pending(stream)) === 0, async () => JSON.stringify(await counts(stream)));
    expect(await stopAll(instances)).toEqual([0, 0, 0]);
    expect(await counts(stream)).toEqual({ counted: ORDERS, ids: ORDERS });
    // The group spread the work: three consumers read entries.
    const consumers = (await redis.xinfo('CONSUMERS', stream, 'workers')) as unknown[];
    expect(consumers).toHaveLength(3);
    expect(Number(await redis.hget(`${stream}:totals`, 'amount'))).toBe(ORDERS);
  }, 300_000);

  it('kill -9 of one instance mid-stream: the others reclaim its pending entries; only those can repeat', async () => {
    const stream = setUp();
    await send(stream, 0, ORDERS);
    const instances = await startInstances(bundle, 3, env(stream));
    const victim = `${hostname()}-${instances[0]!.child.pid}`;
    // Mid-stream: the victim holds pending entries.
    const victimPending = async (): Promise<number> => {
      const summary = (await redis.xpending(stream, 'workers')) as [number, string, string, Array<[string, string]> | null];
      return Number(summary[3]?.find(([name]) => name === victim)?.[1] ?? 0);
    };
    await waitUntil(async () => (await counts(stream)).ids >= 2_000 && (await victimPending()) > 0, async () => JSON.stringify(await counts(stream)));
    instances[0]!.child.kill('SIGKILL');
    await instances[0]!.exited;
    await waitUntil(async () => (await counts(stream)).ids === ORDERS && (await pending(stream)) === 0, async () => JSON.stringify({ ...(await counts(stream)), pending: await pending(stream) }));
    expect(await stopAll(instances.slice(1))).toEqual([0, 0]);
    const { counted, ids } = await counts(stream);
    expect(ids).toBe(ORDERS);
    const repeated = counted - ids;
    expect(repeated).toBeGreaterThanOrEqual(0);
    expect(repeated).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    console.log(`redis kill -9: ${ids} ids, ${counted} counted, ${repeated} repeated (in flight at the kill)`);
  }, 300_000);

  it('a hot swap under a steady stream loses no entry and repeats none', async () => {
    const stream = setUp();
    const copy = copyExample('examples/redis-stream');
    const spec = join(copy.dir, 'worker.yaml');
    const { watcher, waitForVersions } = await watchRun(copy.dir, 'worker.yaml', ['--env', `REDIS_URL=${REDIS_URL}`, '--env', `STREAM=${stream}`]);
    try {
      await waitForVersions(1);
      const feeding = steadyStream((from, to) => send(stream, from, to));
      await waitUntil(async () => (await counts(stream)).ids >= 300, async () => JSON.stringify(await counts(stream)));
      // The new version adds 2 per order to the totals: both versions' work shows in them.
      writeFileSync(spec, readFileSync(spec, 'utf8').replace("'amount', order.amount ?? 0]", "'amount', (order.amount ?? 0) * 2]"));
      await waitForVersions(2);
      const sent = await feeding.stop();
      await waitUntil(async () => (await counts(stream)).ids === sent && (await pending(stream)) === 0, async () => JSON.stringify({ sent, ...(await counts(stream)) }));
      watcher.child.kill('SIGTERM');
      expect(await watcher.exited).toBe(0);
      expect(await counts(stream)).toEqual({ counted: sent, ids: sent });
      const total = Number(await redis.hget(`${stream}:totals`, 'amount'));
      expect(total).toBeGreaterThan(sent);
      expect(total).toBeLessThan(2 * sent);
    } finally {
      if (watcher.child.exitCode === null) watcher.child.kill('SIGKILL');
      copy.remove();
    }
  }, 300_000);
});
