// Build and check time of generated projects (issue 13): 1,000 and 10,000 nodes, each a router with one route
// per chain of 10 nodes (9 of every 10 a JavaScript snippet, each with its own code; the last a text snippet
// answering the route), spread over files of 10 routes. Measured for the whole CLI process (`flowc build` /
// `flowc check`): wall time from spawn to exit and peak RSS (GNU time), interleaved with a baseline checkout.
//   node bench/build-scale.mjs [--baseline <dir of another flowc checkout, built>] [--rounds 3] [--sizes 1000,10000] [--section build-scale]
// (`--section`: the RESULTS.md section written, so that a later measurement does not replace an earlier one)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, median, ROOT, writeSection } from './lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const rounds = Number(option('--rounds', 3));
const baseline = option('--baseline', undefined);
const sizes = option('--sizes', '1000,10000').split(',').map(Number);
const section = option('--section', 'build-scale');
const CHAIN = 10;
const ROUTES_PER_FILE = 10;
const work = mkdtempSync(join(tmpdir(), 'flowc-scale-'));

/**
 * A project of `nodes` nodes in its own folder: a listener, a router and `nodes / 10` routes, each a chain of 10
 * nodes but the last, 2 shorter (so that the project holds exactly `nodes`, the compiler's limit for 10,000).
 */
function writeScaleProject(dir, nodes) {
  mkdirSync(dir, { recursive: true });
  const routes = nodes / CHAIN;
  const length = (r) => (r === routes - 1 ? CHAIN - 2 : CHAIN);
  const routeLines = Array.from({ length: routes }, (_, r) => `    - { method: GET, path: /r${r}, port: 'out[${r}]' }`).join('\n');
  const portLines = Array.from({ length: routes }, (_, r) => `    out[${r}]:\n      - name: r${r}n0\n        port: in`).join('\n');
  writeFileSync(
    join(dir, 'main.yaml'),
    `- kind: listener\n  name: http\n  protocol: http\n  host: 127.0.0.1\n  port: '{{ .PORT }}'\n  ports:\n    out:\n      - name: router\n        port: in\n` +
      `- kind: router\n  name: router\n  routes:\n${routeLines}\n  ports:\n${portLines}\n`,
  );
  const node = (r, i) => {
    const name = `r${r}n${i}`;
    const last = i === length(r) - 1;
    const next = !last ? `\n  ports:\n    out:\n      - name: r${r}n${i + 1}\n        port: in` : '';
    const code = !last ? `language: javascript\n  code: 'export default (x) => ({ route: ${r}, step: ${i}, previous: x })'` : `language: text\n  code: route ${r}`;
    return `- kind: snippet\n  name: ${name}\n  ${code}${next}\n`;
  };
  for (let f = 0; f < routes / ROUTES_PER_FILE; f++) {
    let text = '';
    for (let r = f * ROUTES_PER_FILE; r < (f + 1) * ROUTES_PER_FILE; r++) for (let i = 0; i < length(r); i++) text += node(r, i);
    writeFileSync(join(dir, `routes-${String(f).padStart(3, '0')}.yaml`), text);
  }
}

/** Wall ms, CPU ms (user + system, the process and the esbuild service it waits for) and peak RSS (MB) of one CLI run, from GNU time. */
function timed(root, argv) {
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M cpu=%U+%S', process.execPath, join(root, 'cli/bin/flowc.mjs'), ...argv], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`flowc ${argv.join(' ')} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  const kb = Number(/maxrss=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const cpu = /cpu=([\d.]+)\+([\d.]+)/.exec(r.stderr);
  return { ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN, rssMb: kb / 1024 };
}

const subjects = [{ name: 'this checkout', root: ROOT }, ...(baseline ? [{ name: `baseline`, root: baseline }] : [])];
const results = [];
for (const size of sizes) {
  const dir = join(work, `p${size}`);
  writeScaleProject(dir, size);
  const samples = new Map(subjects.map((s) => [s.name, { build: [], check: [] }]));
  for (let round = 0; round < rounds; round++) {
    for (const subject of round % 2 ? [...subjects].reverse() : subjects) {
      const s = samples.get(subject.name);
      s.build.push(timed(subject.root, ['build', dir, '-o', join(work, `out-${size}.mjs`)]));
      s.check.push(timed(subject.root, ['check', dir]));
      const b = s.build.at(-1);
      const c = s.check.at(-1);
      console.log(`${size} nodes, round ${round + 1}, ${subject.name}: build ${b.ms.toFixed(0)} ms, cpu ${b.cpuMs.toFixed(0)} ms (${b.rssMb.toFixed(0)} MB), check ${c.ms.toFixed(0)} ms, cpu ${c.cpuMs.toFixed(0)} ms (${c.rssMb.toFixed(0)} MB)`);
    }
  }
  for (const [name, s] of samples) {
    results.push({
      size,
      subject: name,
      buildMs: median(s.build.map((x) => x.ms)),
      buildCpuMs: median(s.build.map((x) => x.cpuMs)),
      checkCpuMs: median(s.check.map((x) => x.cpuMs)),
      buildRssMb: Math.max(...s.build.map((x) => x.rssMb)),
      checkMs: median(s.check.map((x) => x.ms)),
      checkRssMb: Math.max(...s.check.map((x) => x.rssMb)),
    });
  }
}

const rows = results.map(
  (r) =>
    `| ${r.size.toLocaleString('en')} | ${r.subject} | ${r.buildMs.toFixed(0)} | ${r.buildCpuMs.toFixed(0)} | ${r.buildRssMb.toFixed(0)} | ${r.checkMs.toFixed(0)} | ${r.checkCpuMs.toFixed(0)} | ${r.checkRssMb.toFixed(0)} |`,
);
writeSection(
  section,
  `## Build and check time of generated projects (issue 13${section === 'build-scale' ? '' : `, ${section}`})

- Date: ${new Date().toISOString()}; machine: ${machine()}; **the machine was shared with other engineers' builds and tests while this ran**
- Command: \`node bench/build-scale.mjs${baseline ? ` --baseline ${baseline}` : ''} --rounds ${rounds} --sizes ${sizes.join(',')}${section === 'build-scale' ? '' : ` --section ${section}`}\` (medians of ${rounds} interleaved rounds; peak RSS is the highest of the rounds, from GNU \`time\`)
- Project: a listener, a router with one route per chain, chains of ${CHAIN} snippets (9 JavaScript snippets with their own code, then a text snippet; the last chain 2 shorter, so that the project holds exactly its node count: 10,000 is the compiler's node limit), ${ROUTES_PER_FILE} routes per file
- Measured: the whole CLI process, spawn to exit: \`flowc build <dir> -o out.mjs\` and \`flowc check <dir>\`; wall time, and CPU time (user + system from GNU \`time\`: the CLI process and the children it waited for), which says more than wall time on a loaded machine where a process waits for a core

| nodes | checkout | build wall ms | build CPU ms | build peak RSS MB | check wall ms | check CPU ms | check peak RSS MB |
|---:|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
`,
);
console.log(JSON.stringify({ machine: machine(), results }, null, 2));
