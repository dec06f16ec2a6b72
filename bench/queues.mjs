// Messages per second through consume → snippet → publish, a flowc bundle vs a hand-written client with the same
// library, interleaved in one run, for RabbitMQ (amqplib) and Redis streams (ioredis).
//
//   taskset -c 1 node bench/queues.mjs [--messages 20000] [--rounds 3]
//
// Each round preloads the input (queue or stream) with N messages, starts the consumer (pinned to CPU 0), and
// times from the first message in the output to the N-th, reading the consumer's CPU time at both moments.
import { execFileSync, spawn } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import { cpuSeconds, machine, median, ROOT, writeSection } from './lib.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const MESSAGES = arg('messages', 20_000);
const ROUNDS = arg('rounds', 3);
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const IN = 'flowc-bench-in';
const OUT = 'flowc-bench-out';
const FOLDER = join(ROOT, 'bench/queues');

function buildBundle(spec) {
  const out = join(tmpdir(), `flowc-bench-${spec.replace('.yaml', '')}-${process.pid}.mjs`);
  execFileSync(process.execPath, [join(ROOT, 'cli/bin/flowc.mjs'), 'build', spec, '-o', out], { cwd: FOLDER, stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

const message = (i) => JSON.stringify({ id: i, price: 2.5, quantity: i % 10 });

/** One broker's setup, preload, output count and cleanup. */
const brokers = {
  amqp: {
    async open() {
      const connection = await amqp.connect(AMQP_URL);
      const channel = await connection.createConfirmChannel();
      return {
        async reset() {
          for (const q of [IN, OUT]) {
            await channel.assertQueue(q, { durable: true });
            await channel.purgeQueue(q);
          }
        },
        async preload() {
          for (let i = 0; i < MESSAGES; i++) channel.sendToQueue(IN, Buffer.from(message(i)), { contentType: 'application/json', persistent: true });
          await channel.waitForConfirms();
        },
        output: async () => (await channel.checkQueue(OUT)).messageCount,
        async close() {
          for (const q of [IN, OUT]) await channel.deleteQueue(q);
          await connection.close();
        },
      };
    },
    env: { AMQP_URL, IN, OUT },
    hand: join(FOLDER, 'hand-amqp.mjs'),
    spec: 'amqp.yaml',
  },
  redis: {
    async open() {
      const redis = new Redis(REDIS_URL);
      return {
        async reset() {
          await redis.del(IN, OUT);
          await redis.xgroup('CREATE', IN, 'bench', '0', 'MKSTREAM');
        },
        async preload() {
          for (let from = 0; from < MESSAGES; from += 1000) {
            const batch = redis.pipeline();
            for (let i = from; i < Math.min(from + 1000, MESSAGES); i++) batch.xadd(IN, '*', 'data', message(i), 'content-type', 'application/json');
            await batch.exec();
          }
        },
        output: () => redis.xlen(OUT),
        async close() {
          await redis.del(IN, OUT);
          await redis.quit();
        },
      };
    },
    env: { REDIS_URL, IN, OUT },
    hand: join(FOLDER, 'hand-redis.mjs'),
    spec: 'redis.yaml',
  },
};

/** Runs one consumer over a preloaded input: msgs/s and CPU µs per message, first output to last. */
async function round(broker, script, env) {
  await broker.reset();
  await broker.preload();
  const child = spawn('taskset', ['-c', '0', process.execPath, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  while ((await broker.output()) < 1) await new Promise((r) => setTimeout(r, 2));
  const first = { at: performance.now(), cpu: cpuSeconds(child.pid), count: await broker.output() };
  let count;
  while ((count = await broker.output()) < MESSAGES) await new Promise((r) => setTimeout(r, 5));
  const last = { at: performance.now(), cpu: cpuSeconds(child.pid) };
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  const handled = count - first.count;
  const seconds = (last.at - first.at) / 1000;
  return { rate: handled / seconds, cpuPerMessage: ((last.cpu - first.cpu) / handled) * 1e6 };
}

const loadBefore = loadavg()[0];
const rows = [];
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
for (const [name, broker] of Object.entries(brokers)) {
  if (only && name !== only) continue;
  const bundle = buildBundle(broker.spec);
  const conn = await broker.open();
  const results = { flowc: [], hand: [] };
  for (let r = 0; r < ROUNDS; r++) {
    // Interleaved: flowc, hand, flowc, hand…
    results.flowc.push(await round(conn, bundle, broker.env));
    results.hand.push(await round(conn, broker.hand, broker.env));
    console.log(`${name} round ${r + 1}: flowc ${results.flowc.at(-1).rate.toFixed(0)} msg/s, hand ${results.hand.at(-1).rate.toFixed(0)} msg/s`);
  }
  await conn.close();
  const f = median(results.flowc.map((x) => x.rate));
  const h = median(results.hand.map((x) => x.rate));
  rows.push({
    name,
    flowc: f,
    hand: h,
    ratio: f / h,
    flowcCpu: median(results.flowc.map((x) => x.cpuPerMessage)),
    handCpu: median(results.hand.map((x) => x.cpuPerMessage)),
    all: results,
  });
}

const table = rows
  .map((r) => `| ${r.name === 'amqp' ? 'RabbitMQ (amqplib)' : 'Redis stream (ioredis)'} | ${r.flowc.toFixed(0)} | ${r.hand.toFixed(0)} | ${(r.ratio * 100).toFixed(0)}% | ${r.flowcCpu.toFixed(0)} | ${r.handCpu.toFixed(0)} | ${r.all.flowc.map((x) => x.rate.toFixed(0)).join(', ')} / ${r.all.hand.map((x) => x.rate.toFixed(0)).join(', ')} |`)
  .join('\n');
const markdown = `## Queues: consume → snippet → publish, flowc vs a hand-written client (issue 14)

- Command: \`taskset -c 1 node bench/queues.mjs --messages ${MESSAGES} --rounds ${ROUNDS}\`; the consumer (bundle or
  hand-written client, \`bench/queues/\`) pinned to CPU 0 with \`taskset -c 0\`, the broker and the load generator
  elsewhere. Each round preloads ${MESSAGES} JSON messages, then times from the first output message to the last;
  flowc and the hand-written client alternate. Both prefetch/read 64 at a time and ack only after the publish
  answered (RabbitMQ: publisher confirm; Redis: XADD reply).
- Machine: ${machine()} — **shared with other engineers' test runs while measured** (load average
  ${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end), so absolute figures vary from round to round;
  compare the two columns of one row, measured in the same minutes.

| broker | flowc msg/s | hand-written msg/s | flowc / hand | flowc CPU µs/msg | hand CPU µs/msg | rounds (flowc / hand) |
|---|---|---|---|---|---|---|
${table}
`;
writeSection('queues', markdown);
console.log(markdown);
