// The MQTT kinds (extensions/mqtt) against the real Mosquitto on 127.0.0.1:1883: the example pipeline, build-time
// checks, scale-out on a shared subscription, a hot swap under a stream, and a drain on SIGTERM.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWithExtensions, IdCounter, logged, stop, TcpProxy, uniqueName, until } from '../support/brokers.ts';
import { flowc, ROOT, start, tempDir, type Started } from '../support/flowc.ts';
import { MqttPacketCounter } from '../support/mqtt-packets.ts';

const MQTT_URL = 'mqtt://127.0.0.1:1883';
const KINDS = join(ROOT, 'extensions/mqtt/src/index.ts');

let client: MqttClient;
beforeAll(async () => {
  client = await mqtt.connectAsync(MQTT_URL, { protocolVersion: 5 });
});
afterAll(async () => {
  await client.endAsync();
});

/** Every message on the test client, as JSON, by topic filter callbacks. */
const listeners = new Set<(topic: string, body: unknown) => void>();
beforeAll(() => {
  client.on('message', (topic, bytes) => {
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString());
    } catch {
      body = bytes.toString();
    }
    for (const listener of listeners) listener(topic, body);
  });
});

function onMessages(listener: (topic: string, body: unknown) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Counts the `{id, by}` messages published on `topic`. */
async function countIds(topic: string): Promise<IdCounter> {
  const counter = new IdCounter();
  onMessages((t, body) => {
    if (t === topic) counter.add((body as { id: number }).id, (body as { by?: string }).by ?? '');
  });
  await client.subscribeAsync(topic, { qos: 1 });
  return counter;
}

/**
 * Publishes ids, never more than `window` ahead of those done: Mosquitto keeps at most 1000 messages queued
 * per session (max_queued_messages) and drops the rest, so an MQTT producer paces itself to its consumers.
 */
async function publishPaced(topic: string, count: number, done: IdCounter, window = 300, qos: 1 | 2 = 1): Promise<void> {
  // At QoS 2 Mosquitto refuses (Quota exceeded) what goes past its own Receive Maximum (20): batches of 10.
  const batchSize = qos === 2 ? 10 : window;
  for (let id = 0; id < count; ) {
    await done.until(() => id - done.distinct < window, 'room in the window');
    const batch: Promise<unknown>[] = [];
    for (const end = Math.min(count, done.distinct + window, id + batchSize); id < end; id++) batch.push(client.publishAsync(topic, JSON.stringify({ id }), { qos }));
    await Promise.all(batch);
  }
}

async function publishIds(topic: string, from: number, to: number): Promise<void> {
  const sends: Promise<unknown>[] = [];
  for (let id = from; id < to; id++) sends.push(client.publishAsync(topic, JSON.stringify({ id }), { qos: 1 }));
  await Promise.all(sends);
}

/** An mqtt-publish node named `name` that publishes to `<prefix>/<name>` at QoS 1, then passes on to `next`. */
function publishNode(name: string, next?: string): string {
  const ports = next === undefined ? '' : `  ports:\n    out: [{ name: ${next}, port: in }]\n`;
  return `- kind: mqtt-publish\n  name: ${name}\n  url: '{{ .MQTT_URL }}'\n  topic: '{{ .PREFIX }}/${name}'\n  qos: 1\n${ports}`;
}

/** A bundle that takes `{id}` jobs from a shared subscription and publishes `{id, by}` to `<prefix>/done`. */
function workerSpec(extra: readonly string[] = [], snippet = "export default ({ body }) => ({ id: body.id, by: process.env.INSTANCE })", qos = 1): string {
  return `
- kind: mqtt-subscribe
  name: jobs
  url: '{{ .MQTT_URL }}'
  topic: '{{ .PREFIX }}/jobs'
  group: workers
  qos: ${qos}
${extra.map((line) => `  ${line}`).join('\n')}
  ports:
    out: [{ name: work, port: in }]
- kind: snippet
  name: work
  language: javascript
  code: "${snippet}"
  ports:
    out: [{ name: done, port: in }]
${publishNode('done')}`;
}

async function startConsumer(bundle: string, env: Record<string, string>): Promise<Started> {
  const started = await start(bundle, [], { MQTT_URL, ...env }, false);
  await logged(started, () => started.stderr().includes('consuming'));
  return started;
}

describe('mqtt kinds', () => {
  it('runs the sensor pipeline example: readings in, a running summary per sensor out', async () => {
    const out = join(tempDir(), 'sensors.mjs');
    const built = flowc(['build', 'sensors.yaml', '-o', out], { cwd: join(ROOT, 'examples/mqtt-sensors') });
    expect(built.status, built.stderr).toBe(0);
    const prefix = uniqueName('sensors');
    const received: Array<[string, unknown]> = [];
    const stopListening = onMessages((topic, body) => {
      if (topic.startsWith(`${prefix}/`)) received.push([topic, body]);
    });
    await client.subscribeAsync([`${prefix}/+/summary`, `${prefix}/+/invalid`], { qos: 1 });
    const app = await startConsumer(out, { PREFIX: prefix });
    try {
      for (const reading of ['{"celsius": 20}', '22', '{"celsius": 24.5}', '"warm"']) await client.publishAsync(`${prefix}/kitchen/temperature`, reading, { qos: 1 });
      await client.publishAsync(`${prefix}/hall/temperature`, '18', { qos: 1 });
      await until(() => received.length === 5, (check) => onMessages(check), () => JSON.stringify(received));
      const kitchen = received.filter(([topic]) => topic === `${prefix}/kitchen/summary`).map(([, body]) => body);
      expect(kitchen).toEqual([
        { sensor: 'kitchen', count: 1, mean: 20, min: 20, max: 20, last: 20 },
        { sensor: 'kitchen', count: 2, mean: 21, min: 20, max: 22, last: 22 },
        { sensor: 'kitchen', count: 3, mean: 22.17, min: 20, max: 24.5, last: 24.5 },
      ]);
      expect(received).toContainEqual([`${prefix}/kitchen/invalid`, { reading: 'warm', error: 'not a temperature' }]);
      expect(received).toContainEqual([`${prefix}/hall/summary`, { sensor: 'hall', count: 1, mean: 18, min: 18, max: 18, last: 18 }]);
    } finally {
      stopListening();
      expect(await stop(app)).toBe(0);
      // Summaries are retained: clear them so that the broker does not keep them.
      await Promise.all(['kitchen', 'hall'].map((sensor) => client.publishAsync(`${prefix}/${sensor}/summary`, '', { qos: 1, retain: true })));
    }
  });

  it('reports bad topic filters, topics and QoS at their line and column, at build time', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'bad.yaml'),
      [
        '- kind: mqtt-subscribe',
        '  name: s',
        '  url: mqtt://127.0.0.1:1883',
        "  topic: ['sensors/#/x', '$share//y']",
        '  qos: 3',
        '  ports:',
        '    out: [{ name: p, port: in }]',
        '- kind: mqtt-publish',
        '  name: p',
        '  url: http://127.0.0.1',
        "  topic: 'out/+'",
        '',
      ].join('\n'),
    );
    const r = flowc(['check', join(dir, 'bad.yaml'), '--kinds', KINDS]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:4:11: error FIELD_VALUE: bad topic filter "sensors\/#\/x": `#` stands alone in the last level/);
    expect(r.stderr).toMatch(/bad\.yaml:4:26: error FIELD_VALUE: bad topic filter "\$share\/\/y": the shared-subscription group is empty/);
    expect(r.stderr).toMatch(/bad\.yaml:5:8: error FIELD_VALUE: QoS 3 is out of range/);
    expect(r.stderr).toMatch(/bad\.yaml:10:8: error FIELD_VALUE: the URL scheme http: is not MQTT's/);
    expect(r.stderr).toMatch(/bad\.yaml:11:10: error FIELD_VALUE: bad topic "out\/\+": a topic to publish to holds no wildcard/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('shares 10,000 messages among 3 instances on a shared subscription, each processed exactly once', async () => {
    const prefix = uniqueName('share');
    const bundle = buildWithExtensions(workerSpec(['maxInFlight: 32']), ['mqtt']);
    const done = await countIds(`${prefix}/done`);
    const instances = await Promise.all(['a', 'b', 'c'].map((name) => startConsumer(bundle, { PREFIX: prefix, INSTANCE: name })));
    try {
      await publishPaced(`${prefix}/jobs`, 10_000, done);
      await done.until(() => done.distinct === 10_000, 'every job done');
    } finally {
      for (const code of await Promise.all(instances.map(stop))) expect(code).toBe(0);
    }
    // The results were all acked by the broker before their jobs were; a marker sent now comes after them.
    const marker = new IdCounter();
    const off = onMessages((topic, body) => topic === `${prefix}/done` && (body as { id: number }).id === -1 && marker.add(-1));
    await client.publishAsync(`${prefix}/done`, JSON.stringify({ id: -1 }), { qos: 1 });
    await marker.until(() => marker.distinct === 1, 'the marker');
    off();
    expect(done.duplicates).toBe(0);
    expect(done.distinct).toBe(10_001);
    for (const name of ['a', 'b', 'c']) expect(done.by.get(name) ?? 0).toBeGreaterThan(0);
  }, 300_000);

  it('keeps at most maxInFlight messages in the flow, and drains them on SIGTERM before exiting', async () => {
    const prefix = uniqueName('drain');
    const bundle = buildWithExtensions(
      `
- kind: mqtt-subscribe
  name: jobs
  url: '{{ .MQTT_URL }}'
  topic: '{{ .PREFIX }}/jobs'
  maxInFlight: 3
  ports:
    out: [{ name: started, port: in }]
${publishNode('started', 'wait')}- kind: sleep
  name: wait
  interval: 300ms
  ports:
    out: [{ name: done, port: in }]
${publishNode('done')}`,
      ['mqtt'],
    );
    const events: string[] = [];
    let open = 0;
    let most = 0;
    const off = onMessages((topic, body) => {
      const id = (body as { body?: { id: number } }).body?.id ?? (body as { id: number }).id;
      if (topic === `${prefix}/started`) {
        open++;
        most = Math.max(most, open);
        events.push(`started ${id}`);
      } else if (topic === `${prefix}/done`) {
        open--;
        events.push(`done ${id}`);
      }
    });
    await client.subscribeAsync([`${prefix}/started`, `${prefix}/done`], { qos: 1 });
    const app = await startConsumer(bundle, { PREFIX: prefix });
    try {
      await publishIds(`${prefix}/jobs`, 0, 9);
      await until(() => events.filter((e) => e.startsWith('done')).length === 9, (check) => onMessages(check), () => events.join(', '));
      expect(most).toBeLessThanOrEqual(3);
      expect(most).toBeGreaterThan(1);

      // Three more in flight, then SIGTERM: each of them still finishes before the process exits.
      events.length = 0;
      await publishIds(`${prefix}/jobs`, 100, 103);
      await until(() => events.filter((e) => e.startsWith('started')).length === 3, (check) => onMessages(check), () => events.join(', '));
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
      await until(() => events.filter((e) => e.startsWith('done')).length === 3, (check) => onMessages(check), () => events.join(', '));
    } finally {
      off();
      app.child.kill('SIGKILL');
    }
  });

  it('retries a failing flow a bounded number of times, then drops the message and goes on', async () => {
    const prefix = uniqueName('retry');
    const bundle = buildWithExtensions(
      workerSpec(['retries: 2', 'retryDelay: 1ms'], "export default ({ body }) => { if (body.id === 0) throw new Error(`job ${body.id} fails`); return { id: body.id } }"),
      ['mqtt'],
    );
    const done = await countIds(`${prefix}/done`);
    const app = await startConsumer(bundle, { PREFIX: prefix });
    try {
      await publishIds(`${prefix}/jobs`, 0, 2);
      await done.until(() => done.has(1), 'job 1');
      await app.waitForStderr('the flow failed 3 time(s), message rejected: job 0 fails');
      expect(app.stderr().match(/the flow failed \(attempt \d of 3\), retrying/g)).toHaveLength(2);
      expect(done.has(0)).toBe(false);
    } finally {
      expect(await stop(app)).toBe(0);
    }
  });

  it('keeps retrying a broker that is not there at start, saying so', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const bundle = buildWithExtensions(workerSpec(), ['mqtt']);
    const app = await start(bundle, [], { MQTT_URL: `mqtt://127.0.0.1:${port}`, PREFIX: 'nowhere' }, false);
    try {
      await app.waitForStderr('cannot connect (connect ECONNREFUSED');
      await app.waitForStderr('retrying in 500 ms');
    } finally {
      expect(await stop(app)).toBe(0);
    }
  });

  it('subscribes at QoS 2 under a burst: every message runs exactly once, never more than maxInFlight at a time', async () => {
    // Mosquitto sends a QoS 2 subscriber a few more messages than its Receive Maximum when PUBRECs come late
    // (they wait for the flow); mqtt.js used to drop the connection at the 17th. Now they wait for a slot.
    const prefix = uniqueName('qos2');
    const bundle = buildWithExtensions(
      `
- kind: mqtt-subscribe
  name: jobs
  url: '{{ .MQTT_URL }}'
  topic: '{{ .PREFIX }}/jobs'
  qos: 2
  maxInFlight: 16
  ports:
    out: [{ name: id, port: in }]
- kind: snippet
  name: id
  language: javascript
  code: 'export default ({ body }) => ({ id: body.id })'
  ports:
    out: [{ name: started, port: in }]
${publishNode('started', 'done')}${publishNode('done')}`,
      ['mqtt'],
    );
    // Both results of a job go out in order on one connection: started minus done is what is in the flow.
    let open = 0;
    let most = 0;
    const off = onMessages((topic) => {
      if (topic === `${prefix}/started`) most = Math.max(most, ++open);
      else if (topic === `${prefix}/done`) open--;
    });
    await client.subscribeAsync(`${prefix}/started`, { qos: 1 });
    const done = await countIds(`${prefix}/done`);
    const app = await startConsumer(bundle, { PREFIX: prefix });
    try {
      await publishPaced(`${prefix}/jobs`, 2000, done, 300, 2);
      await done.until(() => done.distinct === 2000, `every QoS 2 message (${done.distinct} so far)`);
      expect(done.duplicates).toBe(0);
      expect(most).toBeLessThanOrEqual(16);
      expect(most).toBeGreaterThan(1);
      expect(app.stderr()).not.toMatch(/Receive Maximum exceeded|connection lost/);
    } finally {
      off();
      expect(await stop(app)).toBe(0);
    }
  }, 300_000);

  it('subscribes at QoS 0 too: every message runs once', async () => {
    const qos = 0;
    const prefix = uniqueName(`qos${qos}`);
    const done = await countIds(`${prefix}/done`);
    const app = await startConsumer(buildWithExtensions(workerSpec([], undefined, qos), ['mqtt']), { PREFIX: prefix, INSTANCE: `q${qos}` });
    try {
      for (let id = 0; id < 300; ) {
        const batch: Promise<unknown>[] = [];
        for (const end = id + 10; id < end; id++) batch.push(client.publishAsync(`${prefix}/jobs`, JSON.stringify({ id }), { qos }));
        await Promise.all(batch);
      }
      await done.until(() => done.distinct === 300, `every QoS ${qos} message (${done.distinct} so far)`);
      expect(done.duplicates).toBe(0);
    } finally {
      expect(await stop(app)).toBe(0);
    }
  });

  it('reopens a connection lost later after doubling waits, saying so; a kept session gets what came meanwhile', async () => {
    const proxy = new TcpProxy(1883);
    const url = `mqtt://127.0.0.1:${await proxy.listen()}`;
    // What the bundle's connections send the broker (only the subscriber sends PUBACKs).
    const sent = new MqttPacketCounter();
    proxy.onUpstream((chunk, connection) => sent.add(chunk, connection));
    const prefix = uniqueName('reconnect');
    const done = await countIds(`${prefix}/done`);
    const bundle = buildWithExtensions(
      `
- kind: mqtt-subscribe
  name: jobs
  url: '{{ .MQTT_URL }}'
  topic: '{{ .PREFIX }}/jobs'
  qos: 1
  clientId: '{{ .PREFIX }}'
  sessionExpiry: 1m
  ports:
    out: [{ name: work, port: in }]
- kind: snippet
  name: work
  language: javascript
  code: 'export default ({ body }) => body'
  ports:
    out: [{ name: done, port: in }]
${publishNode('done')}`,
      ['mqtt'],
    );
    const app = await start(bundle, [], { MQTT_URL: url, PREFIX: prefix }, false);
    try {
      await logged(app, () => app.stderr().includes('consuming'));
      await publishIds(`${prefix}/jobs`, 0, 10);
      await done.until(() => done.distinct === 10, 'the jobs before the cut');
      // Each job is acked once its flow is done (after its result was published): the line is cut once the
      // ten PUBACKs have been handed to the broker, so these jobs were done and acked before the cut.
      await sent.until(() => sent.count('puback') === 10, 'the acks of the jobs before the cut');
      proxy.cut();
      const cutAt = proxy.dials.length;
      await logged(app, () => /mqtt-subscribe `jobs`.*: connection lost \(.*\); reconnecting/.test(app.stderr()));
      // Kept by the broker for the session while it is away.
      await publishIds(`${prefix}/jobs`, 10, 20);
      await proxy.until(() => proxy.dials.length - cutAt >= 10, 'five dials of each connection after the cut');
      proxy.heal();
      await logged(app, () => /mqtt-subscribe `jobs`.*: connected again/.test(app.stderr()));
      await done.until(() => done.distinct === 20, 'the jobs sent while the connection was down');
      // Two connections (subscriber and publisher) dial after 250, 500, 1000, 2000 ms: several dials within the
      // first second, then a gap near two seconds; mqtt.js's fixed period (1 s) gives neither.
      const after = proxy.dials.slice(cutAt);
      const gaps = after.slice(1).map((t, i) => t - after[i]!);
      expect(after.filter((t) => t - after[0]! < 1000).length).toBeGreaterThanOrEqual(3);
      expect(Math.max(...gaps)).toBeGreaterThanOrEqual(1500);
      expect(app.stderr().match(/mqtt-subscribe `jobs`.*: connection lost/g)).toHaveLength(1);
      // Every job ran exactly once: those acked before the cut are not delivered again after the kept session's
      // reconnect, and what came while the connection was down is delivered once.
      for (let id = 0; id < 20; id++) expect(done.times(id), `job ${id}`).toBe(1);
    } finally {
      expect(await stop(app)).toBe(0);
      await proxy.close();
    }
  }, 120_000);

  describe('flowc watch --run', () => {
    // Inside the repo, so that the extension and its client library resolve from the repo's node_modules.
    const dir = join(ROOT, '.flowc-tmp', `mqtt-${process.pid}`);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('hot-swaps under a steady stream without losing or repeating a message', async () => {
      mkdirSync(dir, { recursive: true });
      const prefix = uniqueName('swap');
      writeFileSync(join(dir, 'flowc.config.mjs'), "export default { kinds: ['@flowc/mqtt'] };\n");
      const spec = join(dir, 'app.yaml');
      writeFileSync(spec, workerSpec(['maxInFlight: 8'], "export default ({ body }) => ({ id: body.id, by: 'v1' })"));
      const done = await countIds(`${prefix}/done`);
      const watcher = await start(join(ROOT, 'cli/bin/flowc.mjs'), ['watch', 'app.yaml', '--run', '--env', `MQTT_URL=${MQTT_URL}`, '--env', `PREFIX=${prefix}`], {}, false, dir);
      try {
        await logged(watcher, () => watcher.stderr().includes('consuming'));
        let sent = 0;
        let streaming = true;
        // A steady stream until well after the swap: batches of 10, each acked by the broker (PUBACK) before the
        // next, never far ahead of what is done (Mosquitto drops what overflows a session's queue).
        const stream = (async () => {
          while (streaming) {
            const batch: Promise<unknown>[] = [];
            for (let i = 0; i < 10; i++) batch.push(client.publishAsync(`${prefix}/jobs`, JSON.stringify({ id: sent++ }), { qos: 1 }));
            await Promise.all(batch);
            await done.until(() => sent - done.distinct < 200, 'room in the window');
          }
        })();
        await done.until(() => done.distinct >= 300, 'the stream flowing');
        writeFileSync(spec, readFileSync(spec, 'utf8').replace("by: 'v1'", "by: 'v2'"));
        await logged(watcher, () => watcher.stderr().split('serving ').length - 1 >= 2);
        await done.until(() => (done.by.get('v2') ?? 0) >= 300, 'the new version at work');
        streaming = false;
        await stream;
        await done.until(() => done.distinct === sent, 'every message sent');
        expect(done.duplicates).toBe(0);
        expect(done.by.get('v1') ?? 0).toBeGreaterThan(0);
        expect(done.by.get('v2') ?? 0).toBeGreaterThan(0);
        // One subscription all along: the swap did not reconnect.
        expect(watcher.stderr().match(/consuming/g)).toHaveLength(1);
      } finally {
        watcher.child.kill('SIGTERM');
      }
      expect(await watcher.exited).toBe(0);
    }, 300_000);
  });
});
