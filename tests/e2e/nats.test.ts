// The NATS kinds (extensions/nats) against the real nats-server (JetStream on) at 127.0.0.1:4222: the
// request/reply example, build-time checks, a queue group of 3 instances, a JetStream durable consumer
// surviving kill -9 of an instance, and a hot swap under a stream.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWithExtensions, IdCounter, logged, stop, uniqueName } from '../support/brokers.ts';
import { flowc, ROOT, start, tempDir, type Started } from '../support/flowc.ts';

const NATS_URL = 'nats://127.0.0.1:4222';
const KINDS = join(ROOT, 'extensions/nats/src/index.ts');
const json = (data: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(data));

let nc: NatsConnection;
beforeAll(async () => {
  nc = await connect({ servers: NATS_URL });
});
afterAll(async () => {
  await nc.drain();
});

/** Counts the `{id, by}` messages on `subject`. */
function countIds(subject: string): IdCounter {
  const counter = new IdCounter();
  nc.subscribe(subject, {
    callback: (_error, msg) => {
      const body = json(msg.data) as { id: number; by?: string };
      counter.add(body.id, body.by ?? '');
    },
  });
  return counter;
}

async function startConsumer(bundle: string, env: Record<string, string>): Promise<Started> {
  const started = await start(bundle, [], { NATS_URL, ...env }, false);
  await logged(started, () => started.stderr().includes('consuming'));
  return started;
}

/** Takes `{id}` jobs on `<prefix>.jobs` in queue group `workers`, publishes `{id, by}` to `<prefix>.done`. */
function queueWorker(snippet = 'export default ({ body }) => ({ id: body.id, by: process.env.INSTANCE })'): string {
  return `
- kind: nats-subscribe
  name: jobs
  url: '{{ .NATS_URL }}'
  subject: '{{ .PREFIX }}.jobs'
  queue: workers
  ports:
    out: [{ name: work, port: in }]
- kind: snippet
  name: work
  language: javascript
  code: "${snippet}"
  ports:
    out: [{ name: done, port: in }]
- kind: nats-publish
  name: done
  url: '{{ .NATS_URL }}'
  subject: '{{ .PREFIX }}.done'
`;
}

describe('nats kinds', () => {
  it('runs the request/reply example: the flow’s answer is the reply, an error is a service error', async () => {
    const out = join(tempDir(), 'quotes.mjs');
    const built = flowc(['build', 'quotes.yaml', '-o', out], { cwd: join(ROOT, 'examples/nats-service') });
    expect(built.status, built.stderr).toBe(0);
    const prefix = uniqueName('quotes');
    const service = await startConsumer(out, { PREFIX: prefix });
    try {
      const quote = await nc.request(`${prefix}.quote`, JSON.stringify({ sku: 'notebook', qty: 10 }), { timeout: 10_000 });
      expect(json(quote.data)).toEqual({ sku: 'notebook', qty: 10, unit: 1250, discount: 0.1, total: 11250 });
      expect(quote.headers?.get('Content-Type')).toMatch(/^application\/json/);
      const refused = await nc.request(`${prefix}.quote`, JSON.stringify({ sku: 'ruler' }), { timeout: 10_000 });
      expect(json(refused.data)).toEqual({ error: 'unknown sku "ruler"' });
      expect(refused.headers?.get('Nats-Service-Error')).toBe('unknown sku "ruler"');
      expect(refused.headers?.get('Nats-Service-Error-Code')).toBe('500');
    } finally {
      expect(await stop(service)).toBe(0);
    }
  });

  it('reports bad subjects and names at their line and column, at build time', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'bad.yaml'),
      [
        '- kind: nats-subscribe',
        '  name: s',
        '  url: nats://127.0.0.1:4222',
        "  subject: 'orders.>.x'",
        '  queue: a.b',
        '  ports:',
        '    out: [{ name: p, port: in }]',
        '- kind: nats-publish',
        '  name: p',
        '  url: http://127.0.0.1',
        "  subject: 'out.*'",
        '- kind: nats-jetstream',
        '  name: j',
        '  url: nats://127.0.0.1:4222',
        '  stream: ORDERS',
        "  durable: 'my workers'",
        '',
      ].join('\n'),
    );
    const r = flowc(['check', join(dir, 'bad.yaml'), '--kinds', KINDS]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:4:12: error FIELD_VALUE: bad subject "orders\.>\.x": `>` stands alone in the last token/);
    expect(r.stderr).toMatch(/bad\.yaml:5:10: error FIELD_VALUE: the queue group name "a\.b" holds/);
    expect(r.stderr).toMatch(/bad\.yaml:10:8: error FIELD_VALUE: the URL scheme http: is not NATS's/);
    expect(r.stderr).toMatch(/bad\.yaml:11:12: error FIELD_VALUE: bad subject "out\.\*": a subject to publish to holds no wildcard/);
    expect(r.stderr).toMatch(/bad\.yaml:16:12: error FIELD_VALUE: the consumer name "my workers" holds/);
  });

  it('shares 10,000 messages among 3 instances of a queue group, each processed exactly once', async () => {
    const prefix = uniqueName('queue');
    const bundle = buildWithExtensions(queueWorker(), ['nats']);
    const done = countIds(`${prefix}.done`);
    await nc.flush();
    const instances = await Promise.all(['a', 'b', 'c'].map((name) => startConsumer(bundle, { PREFIX: prefix, INSTANCE: name })));
    try {
      for (let id = 0; id < 10_000; id++) nc.publish(`${prefix}.jobs`, JSON.stringify({ id }));
      await nc.flush();
      await done.until(() => done.distinct === 10_000, 'every job done');
    } finally {
      for (const code of await Promise.all(instances.map(stop))) expect(code).toBe(0);
    }
    // A marker through the same server after every instance exited: whatever they published came before it.
    nc.publish(`${prefix}.done`, JSON.stringify({ id: -1 }));
    await done.until(() => done.has(-1), 'the marker');
    expect(done.duplicates).toBe(0);
    for (const name of ['a', 'b', 'c']) expect(done.by.get(name) ?? 0).toBeGreaterThan(0);
  }, 300_000);

  it('redelivers what a kill -9 left unacked on a JetStream durable consumer: every message processed', async () => {
    const prefix = uniqueName('js');
    const stream = prefix.replace(/[^A-Za-z0-9_-]/g, '_');
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: [`${prefix}.jobs`] });
    await jsm.streams.add({ name: `${stream}_done`, subjects: [`${prefix}.done`] });
    try {
      const maxInFlight = 32;
      const bundle = buildWithExtensions(
        `
- kind: nats-jetstream
  name: jobs
  url: '{{ .NATS_URL }}'
  stream: '{{ .STREAM }}'
  durable: workers
  ackWait: 2s
  maxInFlight: ${maxInFlight}
  ports:
    out: [{ name: work, port: in }]
- kind: snippet
  name: work
  language: javascript
  code: "export default ({ body, redelivered }) => ({ id: body.id, by: process.env.INSTANCE, redelivered })"
  ports:
    out: [{ name: done, port: in }]
# Stored in a stream before the job is acked: a result is never lost with its instance.
- kind: nats-publish
  name: done
  url: '{{ .NATS_URL }}'
  subject: '{{ .PREFIX }}.done'
  jetstream: true
`,
        ['nats'],
      );
      const js = nc.jetstream();
      const total = 10_000;
      for (let from = 0; from < total; from += 500) {
        const batch: Promise<unknown>[] = [];
        for (let id = from; id < from + 500; id++) batch.push(js.publish(`${prefix}.jobs`, JSON.stringify({ id })));
        await Promise.all(batch);
      }
      const done = countIds(`${prefix}.done`);
      await nc.flush();
      const env = { PREFIX: prefix, STREAM: stream };
      const instances = await Promise.all(['a', 'b', 'c'].map((name) => startConsumer(bundle, { ...env, INSTANCE: name })));
      await done.until(() => (done.by.get('b') ?? 0) >= 500, 'instance b under way');
      instances[1]!.child.kill('SIGKILL');
      expect(await instances[1]!.exited).toBe(null);
      const processedByB = done.by.get('b') ?? 0;
      try {
        await done.until(() => done.distinct === total, 'every job done, those of the killed instance redelivered');
      } finally {
        for (const code of await Promise.all([instances[0]!, instances[2]!].map(stop))) expect(code).toBe(0);
      }
      expect(done.distinct).toBe(total);
      // Processed twice: only what the killed instance held unacked (at most maxInFlight in the flow, and as
      // many fetched after them), counted here.
      expect(done.duplicates).toBeLessThanOrEqual(2 * maxInFlight);
      expect(processedByB).toBeGreaterThan(0);
      const info = await jsm.consumers.info(stream, 'workers');
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_pending).toBe(0);
    } finally {
      await jsm.streams.delete(stream);
      await jsm.streams.delete(`${stream}_done`);
    }
  }, 300_000);

  it('on SIGTERM, a JetStream consumer finishes and acks what it ran, then exits 0; nothing is lost or run twice', async () => {
    const prefix = uniqueName('jsterm');
    const stream = prefix.replace(/[^A-Za-z0-9_-]/g, '_');
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: [`${prefix}.jobs`] });
    try {
      const bundle = buildWithExtensions(
        `
- kind: nats-jetstream
  name: jobs
  url: '{{ .NATS_URL }}'
  stream: '{{ .STREAM }}'
  durable: workers
  maxInFlight: 16
  ackWait: 2s
  ports:
    out: [{ name: work, port: in }]
- kind: snippet
  name: work
  language: javascript
  code: "export default async ({ body }) => { await new Promise((r) => setTimeout(r, 50)); return { id: body.id } }"
  ports:
    out: [{ name: done, port: in }]
- kind: nats-publish
  name: done
  url: '{{ .NATS_URL }}'
  subject: '{{ .PREFIX }}.done'
`,
        ['nats'],
      );
      const js = nc.jetstream();
      const total = 500;
      await Promise.all(Array.from({ length: total }, (_, id) => js.publish(`${prefix}.jobs`, JSON.stringify({ id }))));
      const done = countIds(`${prefix}.done`);
      await nc.flush();
      const app = await startConsumer(bundle, { PREFIX: prefix, STREAM: stream });
      await done.until(() => done.distinct >= 40, 'the consumer under way');
      expect(await stop(app)).toBe(0);
      await nc.flush();
      const info = await jsm.consumers.info(stream, 'workers');
      // Every job that ran was acked before the exit: what is still pending is what the server sent while the
      // pull was being closed (at most one batch), which never ran — it is delivered again after ackWait.
      expect(info.num_ack_pending).toBeLessThanOrEqual(16);
      expect(done.distinct).toBe(info.delivered.consumer_seq - info.num_ack_pending);
      expect(done.duplicates).toBe(0);
      expect(done.distinct).toBeLessThan(total);
      expect(app.stderr()).not.toMatch(/cannot ack/);
      const next = await startConsumer(bundle, { PREFIX: prefix, STREAM: stream });
      await done.until(() => done.distinct === total, 'the rest done by the next instance');
      expect(await stop(next)).toBe(0);
      expect(done.duplicates).toBe(0);
    } finally {
      await jsm.streams.delete(stream);
    }
  }, 120_000);

  it('refuses to start on a stream that does not exist, naming the node', async () => {
    const bundle = buildWithExtensions(
      `
- kind: nats-jetstream
  name: jobs
  url: '{{ .NATS_URL }}'
  stream: NO_SUCH_STREAM_${process.pid}
  durable: workers
`,
      ['nats'],
    );
    const app = await start(bundle, [], { NATS_URL }, false);
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toMatch(/the JetStream stream "NO_SUCH_STREAM_\d+" does not exist/);
    expect(app.stderr()).not.toMatch(/\n\s+at /);
  });

  describe('flowc watch --run', () => {
    const dir = join(ROOT, '.flowc-tmp', `nats-${process.pid}`);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('hot-swaps under a steady stream on a queue group without losing or repeating a message', async () => {
      mkdirSync(dir, { recursive: true });
      const prefix = uniqueName('swap');
      writeFileSync(join(dir, 'flowc.config.mjs'), "export default { kinds: ['@flowc/nats'] };\n");
      const spec = join(dir, 'app.yaml');
      writeFileSync(spec, queueWorker("export default ({ body }) => ({ id: body.id, by: 'v1' })"));
      const done = countIds(`${prefix}.done`);
      await nc.flush();
      const watcher = await start(join(ROOT, 'cli/bin/flowc.mjs'), ['watch', 'app.yaml', '--run', '--env', `NATS_URL=${NATS_URL}`, '--env', `PREFIX=${prefix}`], {}, false, dir);
      try {
        await logged(watcher, () => watcher.stderr().includes('consuming'));
        let sent = 0;
        let streaming = true;
        // A steady stream until well after the swap: small batches, each flushed (the server has it) before the
        // next, never far ahead of what is done (core NATS drops what a slow consumer cannot take).
        const stream = (async () => {
          while (streaming) {
            for (let i = 0; i < 10; i++) nc.publish(`${prefix}.jobs`, JSON.stringify({ id: sent++ }));
            await nc.flush();
            await done.until(() => sent - done.distinct < 200, 'room in the window');
          }
        })();
        await done.until(() => done.distinct >= 500, 'the stream flowing');
        writeFileSync(spec, readFileSync(spec, 'utf8').replace("by: 'v1'", "by: 'v2'"));
        await logged(watcher, () => watcher.stderr().split('serving ').length - 1 >= 2);
        await done.until(() => (done.by.get('v2') ?? 0) >= 500, 'the new version at work');
        streaming = false;
        await stream;
        await done.until(() => done.distinct === sent, 'every message sent');
        expect(done.duplicates).toBe(0);
        expect(done.by.get('v1') ?? 0).toBeGreaterThan(0);
        expect(done.by.get('v2') ?? 0).toBeGreaterThan(0);
        expect(watcher.stderr().match(/consuming/g)).toHaveLength(1);
      } finally {
        watcher.child.kill('SIGTERM');
      }
      expect(await watcher.exited).toBe(0);
    }, 300_000);
  });
});
