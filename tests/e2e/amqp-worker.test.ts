// examples/amqp-worker against the real RabbitMQ and PostgreSQL: instances of one bundle share a queue; every job
// is committed once in normal operation; a kill -9 only repeats the jobs that were in flight; a hot swap loses none.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema, type TestSchema } from '../support/postgres.ts';
import { buildInFolder, copyExample, startInstances, steadyStream, stopAll, waitUntil, watchRun } from '../support/workers.ts';

const AMQP_URL = process.env.FLOWC_TEST_AMQP ?? 'amqp://guest:guest@127.0.0.1:5672';
const JOBS = 10_000;
const PREFETCH = 16;

describe('examples/amqp-worker: a work queue writing to PostgreSQL', () => {
  let schema: TestSchema;
  let bundle: string;
  let broker: amqp.ChannelModel;
  let channel: amqp.ConfirmChannel;
  const queues: string[] = [];

  beforeAll(async () => {
    schema = await createSchema();
    bundle = buildInFolder('examples/amqp-worker', 'worker.yaml');
    broker = await amqp.connect(AMQP_URL);
    channel = await broker.createConfirmChannel();
  });
  afterAll(async () => {
    for (const queue of queues) {
      await channel.deleteQueue(queue);
      await channel.deleteQueue(`${queue}.dead`);
    }
    await broker?.close();
    await schema?.drop();
  });

  /** A queue of its own, declared as the worker declares it (same arguments), and a clean table. */
  const setUp = async (): Promise<string> => {
    const queue = `flowc-test-jobs-${randomBytes(5).toString('hex')}`;
    queues.push(queue);
    await channel.assertQueue(`${queue}.dead`, { durable: true });
    await channel.assertQueue(queue, { durable: true, deadLetterExchange: '', deadLetterRoutingKey: `${queue}.dead` });
    await schema.query('CREATE TABLE IF NOT EXISTS jobs_done (id text NOT NULL, amount numeric, instance text NOT NULL, done_at timestamptz NOT NULL DEFAULT now())');
    await schema.query('TRUNCATE jobs_done');
    return queue;
  };
  const send = async (queue: string, from: number, to: number): Promise<void> => {
    for (let i = from; i < to; i++) channel.sendToQueue(queue, Buffer.from(JSON.stringify({ id: `job-${i}`, amount: i % 7 })), { contentType: 'application/json', persistent: true });
    await channel.waitForConfirms();
  };
  const counts = async (): Promise<{ rows: number; ids: number }> => {
    const [row] = await schema.query('SELECT count(*)::int AS rows, count(DISTINCT id)::int AS ids FROM jobs_done');
    return row as { rows: number; ids: number };
  };
  const env = (queue: string) => (i: number) => ({ AMQP_URL, QUEUE: queue, DATABASE_URL: schema.url, INSTANCE: `w${i}` });

  it('3 instances share 10,000 jobs, each committed exactly once; SIGTERM drains and exits 0', async () => {
    const queue = await setUp();
    const instances = await startInstances(bundle, 3, env(queue));
    await send(queue, 0, JOBS);
    await waitUntil(async () => (await counts()).ids === JOBS, async () => JSON.stringify(await counts()));
    expect(await stopAll(instances)).toEqual([0, 0, 0]);
    expect(await counts()).toEqual({ rows: JOBS, ids: JOBS });
    // The broker spread the work: every instance committed some.
    const per = await schema.query('SELECT instance, count(*)::int AS n FROM jobs_done GROUP BY instance ORDER BY instance');
    expect(per.map((r) => r.instance)).toEqual(['w0', 'w1', 'w2']);
    expect((await channel.checkQueue(queue)).messageCount).toBe(0);
  }, 300_000);

  it('kill -9 of one instance mid-stream: its unacked jobs go to the others; only those can repeat', async () => {
    const queue = await setUp();
    const instances = await startInstances(bundle, 3, env(queue));
    await send(queue, 0, JOBS);
    // Mid-stream: the victim has committed jobs and holds unacked ones.
    await waitUntil(async () => Number((await schema.query(`SELECT count(*) AS n FROM jobs_done WHERE instance = 'w0'`))[0]!.n) >= 500, async () => JSON.stringify(await counts()));
    instances[0]!.child.kill('SIGKILL');
    await instances[0]!.exited;
    await waitUntil(async () => (await counts()).ids === JOBS, async () => JSON.stringify(await counts()));
    expect(await stopAll(instances.slice(1))).toEqual([0, 0]);
    const { rows, ids } = await counts();
    expect(ids).toBe(JOBS);
    // A job is repeated only when the victim committed it but died before its ack: at most its prefetch.
    const repeated = rows - ids;
    expect(repeated).toBeGreaterThanOrEqual(0);
    expect(repeated).toBeLessThanOrEqual(PREFETCH);
    console.log(`amqp kill -9: ${ids} ids, ${rows} rows, ${repeated} repeated (in flight at the kill)`);
  }, 300_000);

  it('a hot swap under a steady stream loses no job and repeats none', async () => {
    const queue = await setUp();
    const copy = copyExample('examples/amqp-worker');
    const spec = join(copy.dir, 'worker.yaml');
    const { watcher, waitForVersions } = await watchRun(copy.dir, 'worker.yaml', ['--env', `AMQP_URL=${AMQP_URL}`, '--env', `QUEUE=${queue}`, '--env', `DATABASE_URL=${schema.url}`], { INSTANCE: 'v1' });
    try {
      await waitForVersions(1);
      const stream = steadyStream((from, to) => send(queue, from, to));
      await waitUntil(async () => (await counts()).ids >= 300, async () => JSON.stringify(await counts()));
      writeFileSync(spec, readFileSync(spec, 'utf8').replace("instance: process.env.INSTANCE ?? 'default'", "instance: 'v2'"));
      await waitForVersions(2);
      const sent = await stream.stop();
      await waitUntil(async () => (await counts()).ids === sent, async () => JSON.stringify({ sent, ...(await counts()) }));
      watcher.child.kill('SIGTERM');
      expect(await watcher.exited).toBe(0);
      expect(await counts()).toEqual({ rows: sent, ids: sent });
      const versions = await schema.query('SELECT instance, count(*)::int AS n FROM jobs_done GROUP BY instance ORDER BY instance');
      expect(versions.map((v) => v.instance)).toEqual(['v1', 'v2']);
    } finally {
      if (watcher.child.exitCode === null) watcher.child.kill('SIGKILL');
      copy.remove();
    }
  }, 300_000);
});
