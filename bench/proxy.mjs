// httpproxy bundle vs a raw node:http proxy using the same client, interleaved rounds in one run. The proxy is
// pinned to core 0, wrk and the upstream to core 1; each measurement reports req/s and the proxy's CPU per request.
// Usage: node bench/proxy.mjs [rounds=5] [seconds=5]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, LOAD_CORE, loadNote, machine, median, ROOT, SERVER_CORE, startServer, summarise, writeSection, wrk } from './lib.mjs';

const rounds = Number(process.argv[2] ?? 5);
const seconds = Number(process.argv[3] ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'flowc-bench-'));
const bundle = join(dir, 'httpproxy.mjs');
build(['examples/httpproxy.yaml', '-o', bundle]);

const upstream = await startServer(`${ROOT}bench/upstream.mjs`, [], { PORT: '0' });
const UPSTREAM = `http://127.0.0.1:${upstream.port}/`;
const targets = {
  raw: () => startServer(`${ROOT}bench/raw-proxy.mjs`, [], { PORT: '0', UPSTREAM }, { pin: SERVER_CORE }),
  flowc: () => startServer(bundle, [], { PORT: '0', UPSTREAM }, { pin: SERVER_CORE }),
};
const samples = { raw: [], flowc: [] };
const ratios = [];
const loads = [];
try {
  for (let round = 1; round <= rounds; round++) {
    // Alternate which proxy goes first, so that a drift in background load favours neither.
    const order = round % 2 ? ['raw', 'flowc'] : ['flowc', 'raw'];
    const got = {};
    for (const name of order) {
      const server = await targets[name]();
      await wrk(`http://127.0.0.1:${server.port}/`, server.pid, { duration: 1 }); // warm-up
      const r = await wrk(`http://127.0.0.1:${server.port}/`, server.pid, { duration: seconds });
      await server.stop();
      samples[name].push(r);
      got[name] = r;
      console.log(`round ${round} ${name.padEnd(5)} ${Math.round(r.rps)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  cpu ${r.cpuUs.toFixed(2)} µs/req  errors ${r.errors}`);
    }
    ratios.push(got.flowc.rps / got.raw.rps);
    loads.push(loadNote());
  }
} finally {
  await upstream.stop();
}

const summary = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarise(v)]));
const ratio = summary.flowc.rps / summary.raw.rps;
const roundRatio = median(ratios);
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const date = new Date().toISOString();
writeSection('proxy', `## httpproxy bundle vs raw node:http proxy (issue 4)

- Date: ${date}; machine: ${machine()}
- Load while this ran (${loads.join('; ')} after each round)
- Command: \`node bench/proxy.mjs ${rounds} ${seconds}\` (wrk \`-t1 -c64\` and the upstream pinned to core 1, the proxy to core 0; \`GET /\` through the proxy to a node:http upstream answering 33 bytes of JSON; ${rounds} interleaved rounds of ${seconds} s each, after a 1 s warm-up per round)
- Both proxies use the same client: \`http.request\` over a keep-alive \`http.Agent\`, same header handling, body piped.

| proxy | req/s (median) | p99 latency ms (median) | proxy CPU µs/request (median) | errors |
|---|---:|---:|---:|---:|
| raw node:http proxy (\`bench/raw-proxy.mjs\`) | ${Math.round(summary.raw.rps)} | ${summary.raw.p99} | ${summary.raw.cpuUs.toFixed(2)} | ${summary.raw.errors} |
| flowc \`examples/httpproxy.yaml\` bundle | ${Math.round(summary.flowc.rps)} | ${summary.flowc.p99} | ${summary.flowc.cpuUs.toFixed(2)} | ${summary.flowc.errors} |

- Throughput ratio flowc / raw (medians): **${pct(ratio)}**; median of the per-round ratios: **${pct(roundRatio)}** (target ≥ 80%)
- Per-round ratios: ${ratios.map(pct).join(', ')} (rounds alternate which proxy runs first; other work on the machine moves absolute figures between rounds)
`);
console.log(JSON.stringify({ date, raw: summary.raw, flowc: summary.flowc, ratio, roundRatio, ratios }, null, 2));
