// Readiness beyond listeners (issue 12 §4) and the store's change-stream lag (§3): a broker consumer that
// cannot connect keeps /readyz at 503 and names itself; once connected (a real nats-server), 200. An
// instance serving from a store (PostgreSQL, a schema of its own) is ready once it follows the change
// stream, and times how late it acts on each change.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, connect as tcpConnect, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { connect } from 'nats';
import { afterAll, describe, expect, it } from 'vitest';
import { testSchema } from '../../runtime/src/store/testing.ts';
import { uniqueName } from '../support/brokers.ts';
import { CLI, flowc, http, ROOT, start, tempDir } from '../support/flowc.ts';
import { metricsPort, parsePrometheus, sample } from '../support/telemetry.ts';

const db = testSchema('flowc_ready');
afterAll(() => db.drop());

/** A port nothing listens on now: bound, then closed. */
async function closedPort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Forwards every connection on 127.0.0.1:`port` to `target` (the broker appears on that port). */
async function forward(port: number, target: number): Promise<TcpServer> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((client) => {
    const upstream = tcpConnect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

describe('readiness', () => {
  it('is 503 naming a NATS consumer that cannot connect, and 200 once it consumes', async () => {
    const subject = uniqueName('ready');
    const dir = tempDir();
    writeFileSync(
      join(dir, 'spec.yaml'),
      `- kind: nats-subscribe
  name: jobs
  url: '{{ .NATS_URL }}'
  subject: ${subject}
  ports:
    out: [{ name: work, port: in }]
- kind: snippet
  name: work
  language: javascript
  code: "export default ({ body }) => { console.log('got', body.n); return body }"
`,
    );
    const bundle = join(dir, 'spec.mjs');
    const built = flowc(['build', join(dir, 'spec.yaml'), '-o', bundle, '--observe', 'metrics', '--kinds', join(ROOT, 'extensions/nats/src/index.ts')]);
    expect(built.status, built.stderr).toBe(0);
    const port = await closedPort();
    const app = await start(bundle, ['--metrics', '127.0.0.1:0'], { NATS_URL: `nats://127.0.0.1:${port}` }, false);
    let forwarder: TcpServer | undefined;
    try {
      const health = await metricsPort(app);
      await app.waitForStderr('cannot connect');
      const down = await http(health, 'GET', '/readyz');
      expect(down.status).toBe(503);
      expect(down.text).toContain(`nats-subscribe \`jobs\` (${subject} on nats://127.0.0.1:${port}) not connected`);
      expect((await http(health, 'GET', '/healthz')).status).toBe(200);

      forwarder = await forward(port, 4222);
      await app.waitForStderr('consuming');
      const up = await http(health, 'GET', '/readyz');
      expect([up.status, up.text]).toEqual([200, 'ready\n']);
      // It is a real consumer: a message published now runs through the flow.
      const nc = await connect({ servers: 'nats://127.0.0.1:4222' });
      nc.publish(subject, JSON.stringify({ n: 7 }));
      await nc.flush();
      await app.waitForStdout('got 7');
      await nc.close();
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
      forwarder?.close();
    }
  }, 60_000);
});

describe('flowc run --store (PostgreSQL)', () => {
  it('is ready once it follows the change stream, and times each change it acts on', async () => {
    const dir = tempDir();
    const spec = readFileSync(join(ROOT, 'examples/ping.yaml'), 'utf8');
    writeFileSync(join(dir, 'v1.yaml'), spec);
    writeFileSync(join(dir, 'v2.yaml'), spec.replace('code: pong', 'code: pong-v2'));
    const store = ['--store', db.url, '-n', 'lag'];
    expect(flowc(['apply', 'specs', '-f', join(dir, 'v1.yaml'), ...store]).status).toBe(0);
    const instance = await start(CLI, ['run', ...store, '--env', 'PORT=0', '--metrics', '127.0.0.1:0'], {});
    try {
      const health = await metricsPort(instance);
      // Following the store starts just after the first version serves.
      await expect.poll(async () => (await http(health, 'GET', '/readyz')).text, { timeout: 10_000 }).toBe('ready\n');
      let samples = parsePrometheus((await http(health, 'GET', '/metrics')).text);
      expect(sample(samples, 'flowc_store_change_lag_seconds_count')).toBe(0);

      const before = Date.now();
      expect(flowc(['apply', 'specs', '-f', join(dir, 'v2.yaml'), ...store]).status).toBe(0);
      await expect.poll(async () => (await http(instance.port, 'GET', '/ping')).text, { timeout: 20_000 }).toBe('pong-v2');
      await expect.poll(async () => sample(parsePrometheus((await http(health, 'GET', '/metrics')).text), 'flowc_store_change_lag_seconds_count'), { timeout: 10_000 }).toBe(1);
      const waited = (Date.now() - before) / 1000;
      samples = parsePrometheus((await http(health, 'GET', '/metrics')).text);
      const lag = sample(samples, 'flowc_store_change_lag_seconds_sum')!;
      // From the commit (inside `flowc apply`) to the swap: more than nothing, less than the test waited.
      expect(lag).toBeGreaterThan(0);
      expect(lag).toBeLessThan(waited);
      expect(sample(samples, 'flowc_store_change_lag_seconds_bucket', { le: '+Inf' })).toBe(1);
      expect(sample(samples, 'flowc_swaps_total')).toBe(1);
    } finally {
      instance.child.kill('SIGTERM');
      expect(await instance.exited).toBe(0);
    }
  }, 60_000);
});
