// What observability costs ping: throughput and server CPU per request with telemetry off, built in but
// off, metrics on, and tracing on at 10% sampling (spans exported over OTLP/HTTP to a local sink), plus
// bundle sizes. Interleaved rounds in one run; the server is pinned to CPU 0 and this process (the load
// generator and the OTLP sink) should be pinned to CPU 1:
//   taskset -c 1 node bench/observability.mjs [rounds=3] [seconds=4] [--baseline before.mjs] [--section name]
// `--baseline` adds a ping bundle built before observability existed (for "as fast and as small as today");
// `--section` names the section of bench/RESULTS.md the run writes (default `observability`).
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { build, cpuSeconds, machine, median, ROOT, writeSection } from './lib.mjs';

const args = process.argv.slice(2);
const baselineAt = args.indexOf('--baseline');
const baseline = baselineAt === -1 ? undefined : args.splice(baselineAt, 2)[1];
const sectionAt = args.indexOf('--section');
const section = sectionAt === -1 ? 'observability' : args.splice(sectionAt, 2)[1];
const rounds = Number(args[0] ?? 3);
const seconds = Number(args[1] ?? 4);

const dir = mkdtempSync(join(tmpdir(), 'flowc-bench-observe-'));
const spec = join(ROOT, 'examples/ping.yaml');
const bundle = (name, observe) => {
  const out = join(dir, `${name}.mjs`);
  build([spec, '-o', out, ...(observe ? ['--observe', observe] : [])]);
  return out;
};

// An OTLP/HTTP sink: accepts and drops what the exporter sends, counting the spans' bytes.
let otlpBytes = 0;
const sink = createServer((req, res) => {
  req.on('data', (c) => (otlpBytes += c.length));
  req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
});
await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
const otlp = `http://127.0.0.1:${sink.address().port}`;

const traced = bundle('tracing', 'tracing');
const variants = [
  ...(baseline ? [{ name: 'baseline (before observability)', file: baseline, args: [], env: {} }] : []),
  { name: 'off (built without)', file: bundle('off'), args: [], env: {} },
  { name: 'built in, all off', file: bundle('all', 'logs,metrics,tracing'), args: [], env: {} },
  { name: 'metrics on', file: bundle('metrics', 'metrics'), args: ['--metrics', '127.0.0.1:0'], env: {} },
  {
    name: 'tracing 10%',
    file: traced,
    args: [],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp, OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
  },
  {
    name: 'tracing 100%',
    file: traced,
    args: [],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp, OTEL_TRACES_SAMPLER: 'always_on' },
  },
];

/** Starts a bundle pinned to CPU 0 and resolves once its listener is bound. */
function startPinned(file, extra, env) {
  const child = spawn('taskset', ['-c', '0', process.execPath, file, ...extra], { env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      const m = /serving http:\/\/\S+:(\d+)/.exec(err);
      if (m) resolve({ port: Number(m[1]), pid: child.pid, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

function run(url, options) {
  return new Promise((resolve, reject) => autocannon({ url, connections: 32, pipelining: 1, ...options }, (e, r) => (e ? reject(e) : resolve(r))));
}

const samples = Object.fromEntries(variants.map((v) => [v.name, { rps: [], us: [] }]));
for (let round = 1; round <= rounds; round++) {
  // Rotate the order each round, so no variant always runs first or last.
  const order = variants.map((_, i) => variants[(i + round) % variants.length]);
  for (const v of order) {
    const server = await startPinned(v.file, v.args, v.env);
    const url = `http://127.0.0.1:${server.port}/ping`;
    await run(url, { amount: 3000 });
    // `taskset` is the child; the bundle's process is the same pid (taskset execs it).
    const cpu0 = cpuSeconds(server.pid);
    const r = await run(url, { duration: seconds });
    const requests = r.requests.total;
    const us = ((cpuSeconds(server.pid) - cpu0) * 1e6) / requests;
    await server.stop();
    if (r.errors + r.non2xx + r.timeouts > 0) throw new Error(`${v.name}: ${r.errors} errors, ${r.non2xx} non-2xx`);
    samples[v.name].rps.push(r.requests.average);
    samples[v.name].us.push(us);
    console.log(`round ${round} ${v.name.padEnd(32)} ${Math.round(r.requests.average)} req/s  ${us.toFixed(1)} µs CPU/request`);
  }
}
sink.close();

// The machine is shared: figures move between rounds. Each variant is compared with \`off\` of the same round
// (measured minutes apart at most), and the medians of those ratios are reported. Server CPU per request is
// the steadier figure; a pinned server's capacity is its inverse.
const OFF = 'off (built without)';
const ratios = (v, pick, invert) => median(samples[v.name][pick].map((x, i) => (invert ? samples[OFF][pick][i] / x : x / samples[OFF][pick][i])));
const rows = variants.map((v) => {
  const s = samples[v.name];
  return `| ${v.name} | ${Math.round(median(s.rps))} | ${(ratios(v, 'rps', false) * 100).toFixed(1)}% | ${median(s.us).toFixed(1)} | ${(ratios(v, 'us', true) * 100).toFixed(1)}% | ${(statSync(v.file).size / 1024).toFixed(1)} KiB |`;
});
const table = [
  '| variant | req/s (median) | req/s of off (median per round) | server CPU µs/request (median) | capacity of off (off CPU ÷ this CPU, median per round) | bundle |',
  '|---|---|---|---|---|---|',
  ...rows,
].join('\n');
console.log(table);
writeSection(
  section,
  `## Observability cost (ping)${section === 'observability' ? '' : `: ${section}`}

\`taskset -c 1 node bench/observability.mjs ${process.argv.slice(2).join(' ')}\` — ${rounds} interleaved rounds of ${seconds} s, 32 connections; server pinned to CPU 0, load generator and OTLP sink on CPU 1. ${machine()}. The machine was shared with other work while this ran: compare rows of one run, not runs.

${table}

Tracing exported ${Math.round(otlpBytes / 1024)} KiB of OTLP JSON over the run (\`tracing 10%\`: \`OTEL_TRACES_SAMPLER=traceidratio OTEL_TRACES_SAMPLER_ARG=0.1\`; \`tracing 100%\`: \`OTEL_TRACES_SAMPLER=always_on\`).`,
);
