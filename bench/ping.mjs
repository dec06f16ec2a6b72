// Ping bundle vs raw node:http, interleaved rounds in one run; then the 1,000-node compile time.
// Usage: node bench/ping.mjs [rounds=5] [seconds=5]   (writes bench/results/ping.json)
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, load, machine, median, ROOT, startServer, writeSection } from './lib.mjs';

const rounds = Number(process.argv[2] ?? 5);
const seconds = Number(process.argv[3] ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'flowc-bench-'));
const bundle = join(dir, 'ping.mjs');
build(['examples/ping.yaml', '-o', bundle]);

const targets = {
  raw: () => startServer(`${ROOT}bench/raw-ping.mjs`, [], { PORT: '0' }),
  flowc: () => startServer(bundle, [], { PORT: '0' }),
};
const samples = { raw: [], flowc: [] };
for (let round = 1; round <= rounds; round++) {
  for (const [name, startTarget] of Object.entries(targets)) {
    const server = await startTarget();
    await load(`http://127.0.0.1:${server.port}/ping`, { duration: 1 }); // warm-up
    const r = await load(`http://127.0.0.1:${server.port}/ping`, { duration: seconds });
    await server.stop();
    samples[name].push(r);
    console.log(`round ${round} ${name.padEnd(5)} ${Math.round(r.rps)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  errors ${r.errors}`);
  }
}

const summary = Object.fromEntries(
  Object.entries(samples).map(([k, v]) => [k, { rps: median(v.map((s) => s.rps)), p99: median(v.map((s) => s.p99)), errors: v.reduce((a, s) => a + s.errors, 0) }]),
);

// Compile time of a generated 1,000-node spec file (a chain of snippets behind a router).
const specs = [];
const n = 1000;
specs.push(`- kind: listener\n  name: http\n  protocol: http\n  port: '{{ .PORT }}'\n  ports:\n    out:\n      - name: router\n        port: in`);
specs.push(`- kind: router\n  name: router\n  routes:\n    - { method: GET, path: /, port: 'out[0]' }\n  ports:\n    out[0]:\n      - name: s0\n        port: in`);
for (let i = 0; i < n - 2; i++) {
  const next = i < n - 3 ? `\n  ports:\n    out:\n      - name: s${i + 1}\n        port: in` : '';
  const code = i % 2 ? `language: text\n  code: step ${i}` : `language: javascript\n  code: 'export default (x) => x'`;
  specs.push(`- kind: snippet\n  name: s${i}\n  ${code}${next}`);
}
const big = join(dir, 'big.yaml');
writeFileSync(big, specs.join('\n') + '\n');
const compileTimes = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  build([big, '-o', join(dir, 'big.mjs')]);
  compileTimes.push(performance.now() - t);
}
const compileMs = Math.round(median(compileTimes));

const result = {
  date: new Date().toISOString(),
  machine: machine(),
  command: `node bench/ping.mjs ${rounds} ${seconds}`,
  connections: 64,
  raw: summary.raw,
  flowc: summary.flowc,
  ratio: { rps: summary.flowc.rps / summary.raw.rps, p99: summary.flowc.p99 / summary.raw.p99 },
  compile1000NodesMs: compileMs,
};
const pct = (x) => `${(x * 100).toFixed(1)}%`;
writeSection('ping', `## Ping bundle vs raw node:http (issue 2)

- Date: ${result.date}; machine: ${result.machine}
- Command: \`${result.command}\` (autocannon, ${result.connections} connections, loopback, server and client on one machine; ${rounds} interleaved rounds of ${seconds} s each, after a 1 s warm-up per round)

| server | req/s (median) | p99 latency ms (median) | errors |
|---|---:|---:|---:|
| raw node:http | ${Math.round(result.raw.rps)} | ${result.raw.p99} | ${result.raw.errors} |
| flowc ping bundle | ${Math.round(result.flowc.rps)} | ${result.flowc.p99} | ${result.flowc.errors} |

- Throughput ratio flowc / raw: **${pct(result.ratio.rps)}** (target ≥ 85%)
- p99 ratio flowc / raw: **${result.ratio.p99.toFixed(2)}×** (target ≤ 1.5×; percentiles computed from every response time, in ms)
- \`flowc build\` of a generated 1,000-node spec file (whole CLI process, median of 3): **${result.compile1000NodesMs} ms** (target < 3,000 ms)
`);
console.log(JSON.stringify(result, null, 2));
