// Static wiring (issue 3): a request through a chain of 10 snippet nodes vs through a single snippet, and a
// CEL `if` in front of that snippet, all in one bundle, interleaved rounds in one run. Then one CPU profile of
// the bundle under load on the `if` route, to confirm that no CEL expression is parsed or planned per request.
// The server is pinned to core 0 and wrk to core 1; each measurement reports req/s and the server's CPU per request.
// With --baseline <dir of another flowc checkout, built>, that checkout's bundle of the same spec is measured
// in the same rounds.
// Usage: node bench/chain.mjs [rounds=5] [seconds=5] [--baseline <dir>]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, load, loadNote, machine, median, SERVER_CORE, startServer, summarise, writeSection, wrk } from './lib.mjs';

const positional = process.argv.slice(2).filter((a, i, all) => a !== '--baseline' && all[i - 1] !== '--baseline');
const rounds = Number(positional[0] ?? 5);
const seconds = Number(positional[1] ?? 5);
const baseline = process.argv.includes('--baseline') ? process.argv[process.argv.indexOf('--baseline') + 1] : undefined;
const CHAIN = 10;
const CONDITION = 'has(self.query.tier) && self.query.tier[0] in ["gold", "silver"] && self.path.startsWith("/if")';
const dir = mkdtempSync(join(tmpdir(), 'flowc-bench-'));

// listener → router → /one: one snippet; /chain: c0 → … → c9 (each a snippet node); /if: an `if` in front of /one's snippet.
const specs = [
  `- kind: listener
  name: http
  protocol: http
  host: 127.0.0.1
  port: '{{ .PORT }}'
  ports:
    out:
      - name: router
        port: in`,
  `- kind: router
  name: router
  routes:
    - { method: GET, path: /one, port: 'out[0]' }
    - { method: GET, path: /chain, port: 'out[1]' }
    - { method: GET, path: /if, port: 'out[2]' }
  ports:
    out[0]:
      - name: one
        port: in
    out[1]:
      - name: c0
        port: in
    out[2]:
      - name: gate
        port: in`,
  `- kind: snippet
  name: one
  language: javascript
  code: 'export default () => "pong"'`,
  `- kind: if
  name: gate
  when: '${CONDITION}'
  ports:
    out[0]:
      - name: one
        port: in
    out[1]:
      - name: one
        port: in`,
  ...Array.from({ length: CHAIN }, (_, i) =>
    i < CHAIN - 1
      ? `- kind: snippet
  name: c${i}
  language: javascript
  code: 'export default (x) => x'
  ports:
    out:
      - name: c${i + 1}
        port: in`
      : `- kind: snippet
  name: c${i}
  language: javascript
  code: 'export default () => "pong"'`,
  ),
];
const spec = join(dir, 'chain.yaml');
writeFileSync(spec, `${specs.join('\n\n')}\n`);
const bundle = join(dir, 'chain.mjs');
build([spec, '-o', bundle]);
const baselineBundle = join(dir, 'chain-baseline.mjs');
if (baseline) execFileSync(process.execPath, [join(baseline, 'cli/bin/flowc.mjs'), 'build', spec, '-o', baselineBundle], { stdio: ['ignore', 'ignore', 'inherit'] });

/** startServer (lib.mjs) with the V8 profiler on: node flags go before the script (NODE_OPTIONS refuses them). */
function startProfiled(script, profDir) {
  const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, script], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      const m = /serving http:\/\/\S+:(\d+)/.exec(err);
      if (m) resolve({ port: Number(m[1]), stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

const routes = ['one', 'chain', 'if'];
const path = (name) => `/${name}?tier=gold`;
/** A measurement: a route of a bundle (this checkout's, or the baseline's: `b:` names). */
const targets = [...routes, ...(baseline ? routes.map((r) => `b:${r}`) : [])];
const samples = Object.fromEntries(targets.map((t) => [t, []]));
const ratios = { chain: [], if: [], cpuChain: [], cpuIf: [] };
const loads = [];
for (let round = 1; round <= rounds; round++) {
  // Rotate which measurement goes first, so that a drift in background load favours none of them.
  const order = targets.map((_, i) => targets[(i + round - 1) % targets.length]);
  const got = {};
  for (const name of order) {
    const route = name.replace(/^b:/, '');
    const server = await startServer(name.startsWith('b:') ? baselineBundle : bundle, [], { PORT: '0' }, { pin: SERVER_CORE });
    const url = `http://127.0.0.1:${server.port}${path(route)}`;
    await wrk(url, server.pid, { duration: 1 }); // warm-up
    const r = await wrk(url, server.pid, { duration: seconds });
    await server.stop();
    samples[name].push(r);
    got[name] = r;
    console.log(`round ${round} ${name.padEnd(7)} ${Math.round(r.rps)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  cpu ${r.cpuUs.toFixed(2)} µs/req  errors ${r.errors}`);
  }
  ratios.chain.push(got.chain.rps / got.one.rps);
  ratios.if.push(got.if.rps / got.one.rps);
  ratios.cpuChain.push(got.one.cpuUs / got.chain.cpuUs);
  ratios.cpuIf.push(got.one.cpuUs / got.if.cpuUs);
  loads.push(loadNote());
}

const summary = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarise(v)]));

// One more run of the `if` route under the V8 profiler. The samples taken while the measured load ran (the
// profile and process.hrtime share the monotonic clock) are checked for any function that parses or plans a
// CEL expression: the PEG parser behind @bufbuild/cel's `parse`, flowc's start-time `parseAtStart`/`analyseCel`,
// the planner, and decoding the build-time parsed form. Start-up does all of that once, before the window.
const profDir = join(dir, 'prof');
const now = () => Number(process.hrtime.bigint() / 1000n);
const profiled = await startProfiled(bundle, profDir);
await load(`http://127.0.0.1:${profiled.port}${path('if')}`, { duration: 1 });
const windowStart = now();
const profiledRun = await load(`http://127.0.0.1:${profiled.port}${path('if')}`, { duration: seconds });
const windowEnd = now();
await profiled.stop();
const profile = JSON.parse(readFileSync(join(profDir, readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))), 'utf8'));
const bundleUrl = pathToFileURL(bundle).href;
const PARSING = /^(parse|analyseCel|parseAtStart|plan|planned|fromBinary)\d*$/;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
/** Whether a sampled stack (leaf node id) runs inside a frame of the bundle whose name matches. */
const under = (id, names) => {
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at).callFrame;
    if (frame.url === bundleUrl && names.test(frame.functionName)) return true;
  }
  return false;
};
let t = profile.startTime;
const windowed = [];
profile.samples.forEach((id, i) => {
  t += profile.timeDeltas[i];
  if (t >= windowStart && t <= windowEnd) windowed.push(id);
});
const totalSamples = windowed.length;
const parsingSamples = windowed.filter((id) => under(id, PARSING)).length;
const parsingAtStart = profile.samples.filter((id) => under(id, PARSING)).length - parsingSamples;
const evalSamples = windowed.filter((id) => under(id, /^evaluate\d*$/)).length;
console.log(
  `profile: ${totalSamples} samples under load, ${parsingSamples} in CEL parse/plan (${parsingAtStart} outside the window), ${evalSamples} in evaluation (${Math.round(profiledRun.rps)} req/s under the profiler)`,
);

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const result = {
  date: new Date().toISOString(),
  machine: machine(),
  command: `node bench/chain.mjs ${rounds} ${seconds}${baseline ? ` --baseline ${baseline}` : ''}`,
  summary,
  ratio: { chain: median(ratios.chain), if: median(ratios.if) },
  cpuRatio: { chain: median(ratios.cpuChain), if: median(ratios.cpuIf) },
  perRound: ratios,
  loads,
  profile: { samples: totalSamples, parsing: parsingSamples, parsingOutsideWindow: parsingAtStart, evaluation: evalSamples, rps: profiledRun.rps },
};
const row = (label, s) => `| ${label} | ${Math.round(s.rps)} | ${s.p50} | ${s.p99} | ${s.cpuUs.toFixed(2)} | ${s.errors} |`;
const labels = { one: '`/one` (1 snippet)', chain: `\`/chain\` (${CHAIN} snippets)`, if: '`/if` (CEL `if` + 1 snippet)' };
const rows = targets.map((t) => row(t.startsWith('b:') ? `baseline ${labels[t.slice(2)]}` : labels[t], summary[t]));
writeSection('chain', `## A chain of 10 snippets vs one snippet, and a CEL \`if\` (issues 3, 13)

- Date: ${result.date}; machine: ${result.machine}; load while this ran (${loads.join('; ')} after each round)
- Command: \`${result.command}\` (one bundle with three routes, restarted for every measurement, pinned to core 0; wrk \`-t1 -c64\` pinned to core 1; ${rounds} interleaved rounds of ${seconds} s each, after a 1 s warm-up per measurement; the order rotates every round${baseline ? '; `baseline` rows: the same spec built by the baseline checkout' : ''})
- Routes: \`/one\` = router → 1 JavaScript snippet; \`/chain\` = router → ${CHAIN} JavaScript snippets in a row (9 × \`(x) => x\`, then the answer); \`/if\` = router → \`if\` → the \`/one\` snippet, with \`when: ${CONDITION}\`

| route | req/s (median) | p50 ms | p99 ms | server CPU µs/request (median) | errors |
|---|---:|---:|---:|---:|---:|
${rows.join('\n')}

- Chain of ${CHAIN} / single snippet, median of per-round req/s ratios: **${pct(result.ratio.chain)}**; per round: ${ratios.chain.map(pct).join(', ')}; by server CPU per request (single / chain): **${pct(result.cpuRatio.chain)}**
- CEL \`if\` + snippet / single snippet, median of per-round req/s ratios: **${pct(result.ratio.if)}**; per round: ${ratios.if.map(pct).join(', ')}; by server CPU per request: **${pct(result.cpuRatio.if)}**
- No CEL parsing per request: a CPU profile (\`--cpu-prof\`, unpinned) of the bundle serving \`/if\` for ${seconds} s (${Math.round(profiledRun.rps)} req/s under the profiler) has **${parsingSamples}** of its ${totalSamples} samples taken during the load in CEL parsing or planning (\`parse\`, \`analyseCel\`, \`parseAtStart\`, \`plan\`, \`fromBinary\` and everything they call; ${parsingAtStart} such samples fall outside it, at start-up), and ${evalSamples} in evaluating the expression
`);
console.log(JSON.stringify(result, null, 2));
