// Shared benchmark helpers: start a server process (pinned to a core), load it with wrk (pinned to another) or
// autocannon, measure the server's CPU per request, summarise.
import { spawn, execFileSync, execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import autocannon from 'autocannon';

export const ROOT = new URL('..', import.meta.url).pathname;

/** The core the server runs on, and the one the load generator runs on (`taskset -c`). */
export const SERVER_CORE = '0';
export const LOAD_CORE = '1';

/**
 * Starts a node script and resolves once it logs `serving http://host:port`. With `pin`, the server runs
 * under `taskset -c <core>` (taskset execs node, so the pid is the server's own).
 */
export function startServer(script, args = [], env = {}, { pin, nodeArgs = [] } = {}) {
  const argv = [...nodeArgs, script, ...args];
  const child = pin === undefined
    ? spawn(process.execPath, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn('taskset', ['-c', pin, process.execPath, ...argv], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      const m = /serving http:\/\/\S+:(\d+)/.exec(err);
      if (m) resolve({ port: Number(m[1]), pid: child.pid, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

/**
 * Loads a URL with autocannon. Latency percentiles are computed here from every response time
 * (autocannon's own histogram rounds to whole milliseconds, too coarse for loopback).
 */
export function load(url, { connections = 64, duration = 5 } = {}) {
  return new Promise((resolve, reject) => {
    const times = [];
    const instance = autocannon({ url, connections, duration, pipelining: 1 }, (error, result) => {
      if (error) return reject(error);
      times.sort((a, b) => a - b);
      const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
      resolve({ rps: result.requests.average, p50: round3(at(0.5)), p99: round3(at(0.99)), errors: result.errors + result.non2xx + result.timeouts });
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

const round3 = (ms) => Math.round(ms * 1000) / 1000;

/**
 * Loads a URL with wrk (Debian's package) pinned to LOAD_CORE, one thread, `connections` keep-alive
 * connections, and measures the server's CPU (utime + stime from /proc) over the same window.
 * Resolves with req/s, p50/p99 in ms, errors (socket errors + non-2xx) and server CPU µs per request.
 */
export function wrk(url, pid, { connections = 64, duration = 5 } = {}) {
  const before = cpuSeconds(pid);
  return new Promise((resolve, reject) => {
    execFile('taskset', ['-c', LOAD_CORE, 'wrk', '-t1', `-c${connections}`, `-d${duration}s`, '--latency', url], { encoding: 'utf8' }, (error, out) => {
      const after = cpuSeconds(pid);
      if (error) return reject(new Error(`wrk failed: ${error.message}\n${out}`));
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
      const total = Number(/(\d+) requests in/.exec(out)?.[1]);
      const ms = (q) => {
        const m = new RegExp(`^\\s+${q}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
        if (!m) return NaN;
        return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
      };
      const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) + (socketErrors ? socketErrors.slice(1).reduce((a, n) => a + Number(n), 0) : 0);
      const cpuUs = before === undefined || after === undefined ? NaN : ((after - before) * 1e6) / total;
      resolve({ rps, p50: round3(ms(50)), p99: round3(ms(99)), errors, cpuUs, requests: total });
    });
  });
}

/** Medians of a list of wrk samples. */
export function summarise(samples) {
  return {
    rps: median(samples.map((s) => s.rps)),
    p50: median(samples.map((s) => s.p50)),
    p99: median(samples.map((s) => s.p99)),
    cpuUs: median(samples.map((s) => s.cpuUs)),
    errors: samples.reduce((a, s) => a + s.errors, 0),
  };
}

/** Load average and the CPU share others used while a benchmark ran: the machine is shared. */
export function loadNote() {
  try {
    return `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`;
  } catch {
    return 'load average unknown';
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux; undefined elsewhere). */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function machine() {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function build(args) {
  execFileSync(process.execPath, [`${ROOT}cli/bin/flowc.mjs`, 'build', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Replaces this benchmark's section of bench/RESULTS.md (between its markers), keeping the others. */
export function writeSection(name, markdown) {
  const file = `${ROOT}bench/RESULTS.md`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n\nEach section is rewritten by its benchmark script. Figures are medians of interleaved rounds measured in one run.\n';
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  text = i !== -1 && j !== -1 ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
}

/** flowc's public API (`@flowc/compiler`), as `npm run build` (run by `npm ci`) builds it. */
export function loadCompiler() {
  return import(`${ROOT}compiler/dist/index.mjs`);
}

/** A project of `nodes` nodes spread over `files` files: listener → router → a chain of snippets. */
export function writeProject(dir, { nodes, files, answer = 'pong' }) {
  const per = Math.ceil((nodes - 2) / files);
  const chain = Array.from({ length: nodes - 2 }, (_, i) => i);
  const text = (i) => {
    const next = i < nodes - 3 ? `\n  ports:\n    out:\n      - name: s${i + 1}\n        port: in` : '';
    const code = i === nodes - 3 ? `language: text\n  code: ${answer}` : i % 2 ? `language: text\n  code: step ${i}` : `language: javascript\n  code: 'export default (x) => x'`;
    return `- kind: snippet\n  name: s${i}\n  ${code}${next}\n`;
  };
  const head = `- kind: listener\n  name: http\n  protocol: http\n  host: 127.0.0.1\n  port: '{{ .PORT }}'\n  ports:\n    out:\n      - name: router\n        port: in\n- kind: router\n  name: router\n  routes:\n    - { method: GET, path: /ping, port: 'out[0]' }\n  ports:\n    out[0]:\n      - name: s0\n        port: in\n`;
  writeFileSync(join(dir, 'main.yaml'), head);
  for (let f = 0; f < files; f++) {
    writeFileSync(join(dir, `part-${String(f).padStart(3, '0')}.yaml`), chain.slice(f * per, (f + 1) * per).map(text).join(''));
  }
  return { lastFile: join(dir, `part-${String(files - 1).padStart(3, '0')}.yaml`), lastNode: nodes - 3 };
}
