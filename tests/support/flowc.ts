import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'cli/bin/flowc.mjs');

/** A fresh folder outside the repo, so a bundle cannot lean on the repo's node_modules. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'flowc-test-'));
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function flowc(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Builds an example into a temp folder and returns the bundle path. */
export function buildExample(example: string, extra: readonly string[] = []): string {
  const out = join(tempDir(), 'program.mjs');
  const r = flowc(['build', join(ROOT, example), '-o', out, ...extra]);
  if (r.status !== 0) throw new Error(`flowc build failed:\n${r.stderr}`);
  return out;
}

/** A listener on 127.0.0.1:$PORT whose requests go to node `target`; `fields` adds YAML lines (`deadline: 1s`). */
export function listenerYaml(target: string, fields: readonly string[] = []): string {
  return ['- kind: listener', '  name: l', '  protocol: http', '  host: 127.0.0.1', "  port: '{{ .PORT }}'", ...fields.map((f) => `  ${f}`), '  ports:', `    out: [{ name: ${target}, port: in }]`].join('\n');
}

/**
 * `GET /ping` answered by the snippet `pong` with `answer`, behind the listener `l` and the router `routes`.
 * Lines: listener 1-7, router 8-13, pong 14-17 (the debugger tests point at them).
 */
export function pingYaml(answer: string): string {
  return `${listenerYaml('routes')}
- kind: router
  name: routes
  routes:
    - { method: GET, path: /ping, port: 'out[0]' }
  ports:
    out[0]: [{ name: pong, port: in }]
- kind: snippet
  name: pong
  language: text
  code: ${answer}
`;
}

/** Builds a spec given as YAML text into a bundle in a fresh temp folder and returns the bundle path. */
export function buildSpec(spec: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'spec.yaml'), spec);
  const out = join(dir, 'spec.mjs');
  const r = flowc(['build', join(dir, 'spec.yaml'), '-o', out]);
  if (r.status !== 0) throw new Error(`flowc build failed:\n${r.stderr}`);
  return out;
}

/** Every process a test started; killed when the test worker exits, even after a failed assertion. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export interface Started {
  readonly child: ChildProcess;
  readonly port: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Resolves when stdout contains the text. */
  waitForStdout(text: string): Promise<void>;
  /** Resolves when stderr (the bundle's log) contains the text. */
  waitForStderr(text: string): Promise<void>;
}

/**
 * Starts a bundle (or any node script) and waits until a listener reports its address
 * (when `listens`), without sleeping: the listener logs `serving http://…:PORT` once bound.
 */
export function start(script: string, args: readonly string[], env: NodeJS.ProcessEnv, listens = true, cwd?: string, stdin: 'ignore' | 'pipe' = 'ignore'): Promise<Started> {
  const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: [stdin, 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    waiters.forEach((w) => w());
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (stream: () => string, text: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (stream().includes(text)) resolve();
      };
      waiters.push(check);
      check();
      void exited.then(() => (stream().includes(text) ? resolve() : reject(new Error(`exited before printing ${JSON.stringify(text)}; stderr:\n${err}`))));
    });
  const waitForStdout = (text: string): Promise<void> => waitFor(() => out, text);
  const waitForStderr = (text: string): Promise<void> => waitFor(() => err, text);
  return new Promise((resolve, reject) => {
    const started = (port: number): void =>
      resolve({ child, port, stdout: () => out, stderr: () => err, exited, waitForStdout, waitForStderr });
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      waiters.forEach((w) => w());
      const m = /serving https?:\/\/\S+:(\d+)/.exec(err);
      if (listens && m) started(Number(m[1]));
    });
    if (!listens) child.once('spawn', () => started(0));
    void exited.then((code) => reject(new Error(`exited with ${code} before listening; stderr:\n${err}`)));
  });
}

export interface Response {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly text: string;
}

/** One HTTP request over loopback with exactly the headers given (no defaults added). */
export function http(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: buf, text: buf.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
