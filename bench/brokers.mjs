// Messages per second through consume → snippet → publish, for each broker: the flowc bundle against a
// hand-written relay with the same client library (bench/raw-mqtt.mjs, bench/raw-nats.mjs), interleaved.
//
//   taskset -c 1 node bench/brokers.mjs [rounds=5] [seconds=3] [warm-up=5000]
//
// The relays run pinned to CPU 0 (`taskset -c 0`); this script, the load generator, should run on CPU 1. It keeps
// at most WINDOW messages outstanding (sent, not yet relayed back). Each relay first relays `warm-up` messages,
// untimed (both relays' code is still being compiled then: at 50k msg/s, the first few thousand messages cost as
// much as the rest of a short run), then sends for `seconds` and waits for what is outstanding; the rate is what
// was relayed from the first timed send to the last receipt. A run of fixed length, not of a fixed count, gives
// a fast relay (NATS) as long a window as a slow one (MQTT) to average the machine's swings over.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { connect } from 'nats';
import { build, cpuSeconds, machine, median, ROOT, writeSection } from './lib.mjs';

const ROUNDS = Number(process.argv[2] ?? 5);
const SECONDS = Number(process.argv[3] ?? 3);
const WARM_UP = Number(process.argv[4] ?? 5_000);
const WINDOW = 500;
const MQTT_URL = 'mqtt://127.0.0.1:1883';
const NATS_URL = 'nats://127.0.0.1:4222';
const SNIPPET = 'export default ({ body }) => ({ ...body, n: body.n + 1 })';

const specs = {
  mqtt: `
- kind: mqtt-subscribe
  name: in
  url: '{{ .URL }}'
  topic: '{{ .IN }}'
  qos: 1
  ports: { out: [{ name: work, port: in }] }
- kind: snippet
  name: work
  language: javascript
  code: "${SNIPPET}"
  ports: { out: [{ name: out, port: in }] }
- kind: mqtt-publish
  name: out
  url: '{{ .URL }}'
  topic: '{{ .OUT }}'
  qos: 0
`,
  nats: `
- kind: nats-subscribe
  name: in
  url: '{{ .URL }}'
  subject: '{{ .IN }}'
  ports: { out: [{ name: work, port: in }] }
- kind: snippet
  name: work
  language: javascript
  code: "${SNIPPET}"
  ports: { out: [{ name: out, port: in }] }
- kind: nats-publish
  name: out
  url: '{{ .URL }}'
  subject: '{{ .OUT }}'
`,
};

const dir = mkdtempSync(join(tmpdir(), 'flowc-bench-brokers-'));
const bundles = {};
for (const [broker, spec] of Object.entries(specs)) {
  writeFileSync(join(dir, `${broker}.yaml`), spec);
  bundles[broker] = join(dir, `${broker}.mjs`);
  build([join(dir, `${broker}.yaml`), '-o', bundles[broker], '--kinds', join(ROOT, `extensions/${broker}/src/index.ts`)]);
}

/** Starts a relay pinned to CPU 0 and resolves once it logs that it consumes. */
function startRelay(args, env) {
  const child = spawn('taskset', ['-c', '0', process.execPath, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      if (err.includes('consuming')) resolve({ pid: child.pid, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) });
    });
    child.once('exit', (code) => reject(new Error(`relay exited (${code}): ${err}`)));
  });
}

/** A generator per broker: send(id), and a callback for every relayed message. */
async function generator(broker, input, output, onRelayed) {
  if (broker === 'mqtt') {
    const client = await mqtt.connectAsync(MQTT_URL, { protocolVersion: 5 });
    client.on('message', (_topic, bytes) => onRelayed(JSON.parse(bytes.toString())));
    await client.subscribeAsync(output, { qos: 0 });
    return { send: (n) => client.publish(input, JSON.stringify({ n }), { qos: 1, properties: { contentType: 'application/json' } }), close: () => client.endAsync() };
  }
  const nc = await connect({ servers: NATS_URL });
  nc.subscribe(output, { callback: (_e, msg) => onRelayed(JSON.parse(new TextDecoder().decode(msg.data))) });
  await nc.flush();
  const encoder = new TextEncoder();
  return { send: (n) => nc.publish(input, encoder.encode(JSON.stringify({ n }))), close: () => nc.drain() };
}

let runId = 0;
async function measure(broker, which) {
  const input = `bench-${process.pid}-${++runId}-in`;
  const output = `bench-${process.pid}-${runId}-out`;
  const url = broker === 'mqtt' ? MQTT_URL : NATS_URL;
  const relay = which === 'flowc'
    ? await startRelay([bundles[broker]], { URL: url, IN: input, OUT: output })
    : await startRelay([join(ROOT, `bench/raw-${broker}.mjs`), url, input, output], {});
  let received = 0;
  let wake = () => undefined;
  const gen = await generator(broker, input, output, () => {
    received++;
    wake();
  });
  /** Sends while `more()` says so, at most WINDOW outstanding; resolves with the count once the last came back. */
  const relayed = async (more) => {
    const base = received;
    let n = 0;
    for (; more(n); n++) {
      while (base + n - received >= WINDOW) await new Promise((resolve) => (wake = resolve));
      gen.send(n);
    }
    while (received < base + n) await new Promise((resolve) => (wake = resolve));
    return n;
  };
  await relayed((n) => n < WARM_UP);
  const cpuBefore = cpuSeconds(relay.pid);
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  // The clock is read once per 100 messages: sending is what is measured.
  const messages = await relayed((n) => n % 100 !== 0 || performance.now() < deadline);
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(relay.pid) - cpuBefore;
  await gen.close();
  await relay.stop();
  return { rate: messages / seconds, cpuUsPerMessage: (cpu / messages) * 1e6 };
}

const results = { mqtt: { flowc: [], raw: [] }, nats: { flowc: [], raw: [] } };
for (let round = 0; round < ROUNDS; round++) {
  for (const broker of ['mqtt', 'nats']) {
    // Alternate which relay goes first, so that a drift of the machine's load favours neither.
    const order = round % 2 === 0 ? ['flowc', 'raw'] : ['raw', 'flowc'];
    for (const which of order) {
      const r = await measure(broker, which);
      results[broker][which].push(r);
      console.log(`round ${round + 1} ${broker} ${which}: ${Math.round(r.rate)} msg/s, ${r.cpuUsPerMessage.toFixed(1)} µs CPU/msg`);
    }
  }
}

const rows = [];
const ratios = [];
for (const broker of ['mqtt', 'nats']) {
  const flowc = median(results[broker].flowc.map((r) => r.rate));
  const raw = median(results[broker].raw.map((r) => r.rate));
  const perRound = results[broker].flowc.map((r, i) => r.rate / results[broker].raw[i].rate);
  ratios.push(`${broker}: ${(100 * flowc / raw).toFixed(1)}% (per round: ${perRound.map((x) => `${(100 * x).toFixed(0)}%`).join(', ')})`);
  rows.push(`| ${broker} | hand-written (\`bench/raw-${broker}.mjs\`) | ${Math.round(raw)} | ${median(results[broker].raw.map((r) => r.cpuUsPerMessage)).toFixed(1)} |`);
  rows.push(`| ${broker} | flowc bundle | ${Math.round(flowc)} | ${median(results[broker].flowc.map((r) => r.cpuUsPerMessage)).toFixed(1)} |`);
}
const markdown = `
## Brokers: consume → snippet → publish, flowc bundle vs hand-written relay (issue 14)

- Date: ${new Date().toISOString()}; machine: ${machine()} — shared with other work while measured (8 engineers on 2 cores), so absolute figures move between rounds
- Command: \`taskset -c 1 node bench/brokers.mjs ${ROUNDS} ${SECONDS} ${WARM_UP}\`: ${ROUNDS} interleaved rounds; each relay gets ${WARM_UP} JSON messages untimed (warm-up), then messages for ${SECONDS} s, timed until the last is back (\`{"n": …}\` → \`{"n": n+1}\`), with at most ${WINDOW} outstanding; relays pinned with \`taskset -c 0\`, the load generator on CPU 1; Mosquitto and nats-server run unpinned on the same machine
- MQTT: subscription QoS 1, acknowledged only after the relayed message was published (QoS 0) — the hand-written relay does the same through mqtt.js's \`handleMessage\` callback; NATS: core subscribe and publish, both relays with a subscription callback (the messages of one socket read handled in one turn, their publishes flushed in one write) and the same bytes on the wire
- Relay CPU is user + system time of the relay process over the run, divided by the messages

| broker | relay | msg/s (median) | relay CPU µs/message (median) |
|---|---|---:|---:|
${rows.join('\n')}

- Throughput flowc / hand-written (medians; target ≥ 80%): ${ratios.join('; ')}
`;
writeSection('brokers', markdown);
console.log(markdown);
