// Shared benchmark helpers: start a server process, load it with autocannon, summarise.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import autocannon from 'autocannon';

export const ROOT = new URL('..', import.meta.url).pathname;

/** Starts a node script and resolves once it logs `serving http://host:port`. */
export function startServer(script, args = [], env = {}) {
  const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
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
