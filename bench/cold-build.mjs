// Cold `flowc build examples/ping.yaml` (the whole CLI process) and the time to `import()` the compiler API,
// interleaved round by round with another checkout of flowc when one is given, so that both are measured on
// the same machine in the same minutes:
//   node bench/cold-build.mjs [--baseline <dir of another flowc checkout, built>] [--rounds 15]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { machine, ROOT } from './lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const rounds = Number(option('--rounds', 15));
const baseline = option('--baseline', undefined);
const out = mkdtempSync(join(tmpdir(), 'flowc-cold-'));
const example = join(ROOT, 'examples/ping.yaml');

/** Milliseconds of one process run, from spawn to exit. */
function timed(argv) {
  const started = performance.now();
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed:\n${r.stderr}`);
  return ms;
}

/** The compiler API of a checkout: the package entry, or (before it had one) its bundled index. */
function apiEntry(root) {
  for (const candidate of ['cli/dist/api.mjs', 'compiler/dist/index.mjs']) if (existsSync(join(root, candidate))) return pathToFileURL(join(root, candidate)).href;
  throw new Error(`no built compiler API under ${root}`);
}

const subjects = [{ name: 'this checkout', root: ROOT }, ...(baseline ? [{ name: `baseline (${baseline})`, root: baseline }] : [])];
const samples = new Map(subjects.map((s) => [s.name, { build: [], importApi: [] }]));
for (let round = 0; round < rounds; round++) {
  for (const subject of round % 2 ? [...subjects].reverse() : subjects) {
    const s = samples.get(subject.name);
    s.build.push(timed([join(subject.root, 'cli/bin/flowc.mjs'), 'build', example, '-o', join(out, 'ping.mjs')]));
    const entry = apiEntry(subject.root);
    // The import alone: a process that imports the API minus one that does nothing.
    s.importApi.push(timed(['--input-type=module', '-e', `await import(${JSON.stringify(entry)})`]) - timed(['-e', '0']));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`machine: ${machine()}; ${rounds} interleaved rounds; medians`);
console.log('| subject | cold `flowc build examples/ping.yaml` | `import()` of the compiler API |');
console.log('|---|---|---|');
for (const [name, s] of samples) console.log(`| ${name} | ${median(s.build).toFixed(0)} ms | ${median(s.importApi).toFixed(0)} ms |`);
