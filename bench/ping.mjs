// `GET /ping` → `pong`: the flowc ping bundle vs raw node:http and fastify 5 (and, with --baseline, the ping
// bundle another flowc checkout builds), in interleaved rounds of one run. The server is pinned to core 0 and
// wrk to core 1, so that the server is the limit; each round reports req/s, p50/p99 and the server's CPU per
// request (utime + stime from /proc). Then the cold start: spawn → first answer, raw vs bundle.
// Usage: node bench/ping.mjs [--rounds 5] [--seconds 5] [--baseline <dir of another flowc checkout, built>]
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNote, machine, median, ROOT, SERVER_CORE, startServer, summarise, writeSection, wrk } from './lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const rounds = Number(option('--rounds', 5));
const seconds = Number(option('--seconds', 5));
const baseline = option('--baseline', undefined);
const dir = mkdtempSync(join(tmpdir(), 'flowc-bench-'));
const buildWith = (root, out) =>
  execFileSync(process.execPath, [join(root, 'cli/bin/flowc.mjs'), 'build', join(ROOT, 'examples/ping.yaml'), '-o', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
const bundle = join(dir, 'ping.mjs');
buildWith(ROOT, bundle);
const targets = {
  raw: `${ROOT}bench/raw-ping.mjs`,
  fastify: `${ROOT}bench/fastify-ping.mjs`,
  flowc: bundle,
};
if (baseline) {
  targets.baseline = join(dir, 'ping-baseline.mjs');
  buildWith(baseline, targets.baseline);
}
const names = Object.keys(targets);
const samples = Object.fromEntries(names.map((n) => [n, []]));
const loads = [];
for (let round = 1; round <= rounds; round++) {
  // Rotate which server goes first, so that a drift in background load favours none of them.
  for (const name of names.map((_, i) => names[(i + round - 1) % names.length])) {
    const server = await startServer(targets[name], [], { PORT: '0' }, { pin: SERVER_CORE });
    const url = `http://127.0.0.1:${server.port}/ping`;
    await wrk(url, server.pid, { duration: 1 }); // warm-up
    const r = await wrk(url, server.pid, { duration: seconds });
    await server.stop();
    samples[name].push(r);
    console.log(`round ${round} ${name.padEnd(8)} ${Math.round(r.rps)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  cpu ${r.cpuUs.toFixed(2)} µs/req  errors ${r.errors}`);
  }
  loads.push(loadNote());
}
const summary = Object.fromEntries(names.map((n) => [n, summarise(samples[n])]));
// Per-round ratios against raw (same minutes, so background load cancels out better than in the medians).
const perRound = (name, field) => samples[name].map((s, i) => s[field] / samples.raw[i][field]);

// Cold start: spawn → the first `pong`, for the raw script and the bundle (pinned the same way).
async function coldStart(script) {
  const started = performance.now();
  const server = await startServer(script, [], { PORT: '0' }, { pin: SERVER_CORE });
  const res = await fetch(`http://127.0.0.1:${server.port}/ping`);
  await res.text();
  const ms = performance.now() - started;
  await server.stop();
  return ms;
}
const cold = { raw: [], flowc: [] };
for (let i = 0; i < 10; i++) for (const name of i % 2 ? ['flowc', 'raw'] : ['raw', 'flowc']) cold[name].push(await coldStart(targets[name]));
const coldMs = { raw: median(cold.raw), flowc: median(cold.flowc) };

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const labels = { raw: 'raw node:http (`bench/raw-ping.mjs`)', fastify: 'fastify 5 (`bench/fastify-ping.mjs`)', flowc: 'flowc ping bundle (this checkout)', baseline: `flowc ping bundle (baseline: ${baseline})` };
const row = (n) => {
  const s = summary[n];
  return `| ${labels[n]} | ${Math.round(s.rps)} | ${pct(median(perRound(n, 'rps')))} | ${s.p50} | ${s.p99} | ${s.cpuUs.toFixed(2)} | ${s.errors} |`;
};
const result = {
  date: new Date().toISOString(),
  machine: machine(),
  command: `node bench/ping.mjs --rounds ${rounds} --seconds ${seconds}${baseline ? ` --baseline ${baseline}` : ''}`,
  summary,
  perRound: Object.fromEntries(names.map((n) => [n, { rps: perRound(n, 'rps'), cpu: perRound(n, 'cpuUs') }])),
  coldMs,
  loads,
};
writeSection('ping', `## Ping: flowc bundle vs raw node:http and fastify 5 (issues 2, 13)

- Date: ${result.date}; machine: ${result.machine}; load while this ran (${loads.join('; ')} after each round): absolute req/s move with that load, the ratios of one round and the CPU per request much less
- Command: \`${result.command}\`: wrk 4.1 (\`-t1 -c64\`, keep-alive, loopback) pinned to core 1 (\`taskset -c 1\`), each server pinned to core 0 (\`taskset -c 0\`) and restarted every round; ${rounds} interleaved rounds of ${seconds} s, after a 1 s warm-up each; the order rotates every round
- Server CPU per request: utime + stime of the server process (\`/proc/<pid>/stat\`) over the measured window / requests answered

| server | req/s (median) | req/s vs raw (median of per-round ratios) | p50 ms | p99 ms | server CPU µs/request (median) | errors |
|---|---:|---:|---:|---:|---:|---:|
${names.map(row).join('\n')}

- flowc / raw by req/s per round: ${perRound('flowc', 'rps').map(pct).join(', ')}; flowc / fastify by req/s per round: ${samples.flowc.map((s, i) => pct(s.rps / samples.fastify[i].rps)).join(', ')}
- CPU per request, flowc / raw per round: ${perRound('flowc', 'cpuUs').map((x) => x.toFixed(2)).join(', ')}; fastify / raw: ${perRound('fastify', 'cpuUs').map((x) => x.toFixed(2)).join(', ')}
- p99 flowc / raw (medians): ${(summary.flowc.p99 / summary.raw.p99).toFixed(2)}×
- Cold start, spawn → first \`pong\` (median of 10, alternating): raw ${coldMs.raw.toFixed(0)} ms, flowc bundle ${coldMs.flowc.toFixed(0)} ms (${(coldMs.flowc / coldMs.raw).toFixed(2)}×)
`);
console.log(JSON.stringify(result, null, 2));
