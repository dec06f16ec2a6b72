// `--workers`: the ping bundle with 1 and with 2 workers, interleaved rounds, wrk as the load generator.
// With 1 worker the bundle's processes are pinned to core 0; with 2 they may use cores 0 and 1 (the machine has
// two), and wrk runs on core 1 in both cases, so with 2 workers the load generator shares a core with one of
// them. CPU per request sums utime + stime of the primary and every worker (/proc).
// `--via run`: the same with `flowc run examples/ping.yaml --workers n` (the CLI builds and supervises, the workers
// serve the hot-swappable program) instead of the bundle.
// Usage: node bench/workers.mjs [--rounds 5] [--seconds 5] [--via bundle|run]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, cpuSeconds, LOAD_CORE, loadNote, machine, median, writeSection } from './lib.mjs';
import { execFile } from 'node:child_process';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const rounds = Number(option('--rounds', 5));
const seconds = Number(option('--seconds', 5));
const via = option('--via', 'bundle');
const CLI = new URL('../cli/bin/flowc.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'flowc-bench-'));
const bundle = join(dir, 'ping.mjs');
build(['examples/ping.yaml', '-o', bundle]);

/** Starts the bundle with `--workers n` on `cores`; resolves once every worker serves, with all their pids. */
function startWorkers(n, cores) {
  const command = via === 'run' ? [CLI, 'run', 'examples/ping.yaml', '--workers', String(n), '--env', 'PORT=0'] : [bundle, '--workers', String(n)];
  const ready = via === 'run' ? `${n} of ${n} workers serving` : `${n} workers serving program`;
  const child = spawn('taskset', ['-c', cores, process.execPath, ...command], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      if (!err.includes(ready)) return;
      const port = Number(/serving http:\/\/\S+:(\d+)/.exec(err)[1]);
      const pids = [child.pid, ...[...err.matchAll(/worker (\d+) serving/g)].map((m) => Number(m[1]))];
      resolve({ port, pids, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) });
    });
    child.once('exit', (code) => reject(new Error(`bundle exited (${code}): ${err}`)));
  });
}

const cpu = (pids) => pids.reduce((a, pid) => a + (cpuSeconds(pid) ?? NaN), 0);
function wrkRun(url, duration) {
  return new Promise((resolve, reject) =>
    execFile('taskset', ['-c', LOAD_CORE, 'wrk', '-t1', '-c64', `-d${duration}s`, '--latency', url], { encoding: 'utf8' }, (e, out) => {
      if (e) return reject(e);
      const p99 = /^\s+99%\s+([\d.]+)(us|ms|s)/m.exec(out);
      resolve({
        rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]),
        total: Number(/(\d+) requests in/.exec(out)[1]),
        p99: p99 ? Number(p99[1]) * (p99[2] === 'us' ? 0.001 : p99[2] === 's' ? 1000 : 1) : NaN,
        errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
      });
    }),
  );
}

const configs = { 1: '0', 2: '0,1' };
const samples = { 1: [], 2: [] };
const loads = [];
for (let round = 1; round <= rounds; round++) {
  for (const n of round % 2 ? [1, 2] : [2, 1]) {
    const server = await startWorkers(n, configs[n]);
    const url = `http://127.0.0.1:${server.port}/ping`;
    await wrkRun(url, 1);
    const before = cpu(server.pids);
    const r = await wrkRun(url, seconds);
    const after = cpu(server.pids);
    await server.stop();
    r.cpuUs = ((after - before) * 1e6) / r.total;
    samples[n].push(r);
    console.log(`round ${round} workers ${n}: ${Math.round(r.rps)} req/s  p99 ${r.p99} ms  cpu ${r.cpuUs.toFixed(2)} µs/req  errors ${r.errors}`);
  }
  loads.push(loadNote());
}
const m = (n, k) => median(samples[n].map((s) => s[k]));
const subject = via === 'run' ? '`flowc run examples/ping.yaml --workers n`' : 'the ping bundle';
writeSection(via === 'run' ? 'workers-run' : 'workers', `## --workers: ${subject} with 1 and 2 workers (issue 13)

- Date: ${new Date().toISOString()}; machine: ${machine()}; **shared with other engineers and loaded while this ran** (${loads.join('; ')} after each round)
- Command: \`node bench/workers.mjs --rounds ${rounds} --seconds ${seconds}${via === 'run' ? ' --via run' : ''}\`: ${via === 'run' ? '\`flowc run examples/ping.yaml --workers n --env PORT=0\`' : '\`PORT=0 node ping.mjs --workers n\`'}, wrk 4.1 \`-t1 -c64\` pinned to core 1; 1 worker pinned to core 0, 2 workers on cores 0–1 (so one of them shares core 1 with wrk: on a 2-core machine the second worker cannot be given a core of its own); ${rounds} interleaved rounds of ${seconds} s after a 1 s warm-up
- CPU per request: utime + stime of the primary and every worker over the window / requests

| workers | req/s (median) | p99 ms | CPU µs/request, all processes (median) | errors |
|---:|---:|---:|---:|---:|
| 1 | ${Math.round(m(1, 'rps'))} | ${m(1, 'p99')} | ${m(1, 'cpuUs').toFixed(2)} | ${samples[1].reduce((a, s) => a + s.errors, 0)} |
| 2 | ${Math.round(m(2, 'rps'))} | ${m(2, 'p99')} | ${m(2, 'cpuUs').toFixed(2)} | ${samples[2].reduce((a, s) => a + s.errors, 0)} |

- 2 workers / 1 worker by req/s per round: ${samples[2].map((s, i) => `${((s.rps / samples[1][i].rps) * 100).toFixed(0)}%`).join(', ')}
`);
