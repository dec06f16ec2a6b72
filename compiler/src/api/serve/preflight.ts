import { Worker } from 'node:worker_threads';
import type { StartOptions } from '@flowc/runtime/core/program';
import { busyLine, moduleAt } from './locate.ts';

/**
 * How long a version may keep its thread busy without a break while it is evaluated and started (ms), unless
 * FLOWC_START_LIMIT_MS says otherwise (`0`: no preflight). Waiting (a slow `init` hook awaiting I/O) does not
 * count: only code that never yields, the kind that would wedge the process serving the old version.
 */
export const DEFAULT_START_LIMIT_MS = 5_000;

/** A version that waits (I/O in `init`) longer than this in the preflight is let through to the real start. */
const PATIENCE_FACTOR = 4;

/** The version never gave its thread back: it was abandoned, the serving version kept. */
export class StartHung extends Error {
  override name = 'StartHung';
}

/** Where the preflight was when its version stopped answering. */
interface Progress {
  phase: 'module' | 'start';
  node?: { name: string; loc?: string };
  /** The bundle module the busy thread was found in. */
  module?: string;
}

/**
 * The worker: evaluates the CommonJS bundle as `loadProgram` does, then starts the program on an inert host
 * (listeners do not bind, shared resources are refused, output is dropped), announcing each phase and each node
 * a packet enters, with a heartbeat between. A start that fails is not its business: the real start reports it.
 */
const WORKER = `
const { parentPort } = require('node:worker_threads');
const { compileFunction } = require('node:vm');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
// The version's output is the real start's to show, not the preflight's: dropped here, in the worker, so
// nothing of it crosses to the serving thread.
for (const stream of [process.stdout, process.stderr]) {
  stream.write = (_chunk, encoding, done) => {
    const callback = typeof encoding === 'function' ? encoding : done;
    if (typeof callback === 'function') process.nextTick(callback);
    return true;
  };
}
parentPort.once('message', ({ code, filename, options }) => {
  setInterval(() => parentPort.postMessage({ type: 'beat' }), 50);
  const done = () => parentPort.postMessage({ type: 'done' });
  try {
    parentPort.postMessage({ type: 'phase', phase: 'module' });
    const module = { exports: {} };
    compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename })(module.exports, createRequire(filename), module, filename, dirname(filename));
    const program = module.exports.default;
    if (!program || typeof program.start !== 'function') throw new Error('no program');
    parentPort.postMessage({ type: 'phase', phase: 'start' });
    const locs = new Map(program.nodes.map((n) => [n.name, n.loc]));
    const trace = (node) => parentPort.postMessage({ type: 'node', name: node, loc: locs.get(node) });
    const host = {
      listen: async (o) => ({ address: { host: o.host || '127.0.0.1', port: o.port }, close: async () => undefined }),
      write: (_stream, data) => (typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength),
      log: () => undefined,
      acquire: async () => { throw new Error('no shared resources in the preflight'); },
    };
    program.start(host, { ...options, trace }).then(done, done);
  } catch {
    done();
  }
});
`;

/**
 * Evaluates and starts a version in a worker thread before it is loaded here, so that code that never returns
 * (a `while (true) {}` at a snippet's top level or in an `init` hook) cannot wedge the process serving the old
 * version. Resolves when the version started in the worker, failed there (left for the real start to report),
 * or was still waiting without being busy; rejects with StartHung when its thread stayed busy for `limitMs`.
 *
 * The worker runs the version's `init` hooks once before the real start does, without sockets or shared
 * resources (a node that needs a database fails to load there and the rest of that start is skipped).
 */
export async function preflight(code: string, filename: string, options: StartOptions, signal?: AbortSignal, limitMs = startLimit()): Promise<void> {
  signal?.throwIfAborted();
  if (limitMs === 0) return;
  const worker = takeWorker();
  const progress: Progress = { phase: 'module' };
  try {
    await new Promise<void>((resolve, reject) => {
      let quiet = setTimeout(hung, limitMs);
      const patience = setTimeout(resolve, limitMs * PATIENCE_FACTOR);
      function hung(): void {
        clearTimeout(patience);
        // Where the code is spinning: the module (a snippet's code, a kind) of the line the thread is on.
        void busyLine(worker).then((line) => {
          if (line !== undefined) progress.module = moduleAt(code, line);
          reject(new StartHung(describe(progress, limitMs)));
        });
      }
      const finish = (): void => {
        clearTimeout(quiet);
        clearTimeout(patience);
        resolve();
      };
      worker.on('message', (message: { type: string; phase?: Progress['phase']; name?: string; loc?: string }) => {
        clearTimeout(quiet);
        quiet = setTimeout(hung, limitMs);
        if (message.type === 'phase') progress.phase = message.phase!;
        else if (message.type === 'node') progress.node = { name: message.name!, ...(message.loc ? { loc: message.loc } : {}) };
        else if (message.type === 'done') finish();
      });
      // A worker that cannot run at all (out of memory, a crash) says nothing about the version: let it start.
      worker.once('error', finish);
      worker.once('exit', finish);
      // Stopping (SIGTERM) does not wait for a version that may never return.
      signal?.addEventListener('abort', () => {
        clearTimeout(quiet);
        clearTimeout(patience);
        reject(signal.reason as Error);
      }, { once: true });
      try {
        worker.postMessage({ code, filename, options: { env: { ...options.env }, values: options.values ?? [] } });
      } catch {
        // Values a thread cannot be handed (not structured-cloneable): the version is not checked, only started.
        finish();
      }
    });
  } finally {
    // Each worker checks one version; terminating it is not waited for.
    worker.terminate().catch(() => undefined);
  }
}

/** A worker booted ahead of need, so that a swap does not wait for a thread to start (about 30 ms). */
let spare: Worker | undefined;

function takeWorker(): Worker {
  const worker = spare ?? bootWorker();
  spare = undefined;
  worker.ref();
  return worker;
}

/**
 * Boots the spare for the next check. Called once a swap is done, not during one: on a busy machine a thread
 * booting beside the new version's start slows that start.
 */
export function prepareSpare(): void {
  spare ??= bootWorker();
}

/** Ends the spare worker (a runner that stops checks no more versions). */
export function releaseSpare(): void {
  spare?.terminate().catch(() => undefined);
  spare = undefined;
}

function bootWorker(): Worker {
  const worker = new Worker(WORKER, { eval: true });
  worker.on('error', () => undefined);
  // An idle spare never keeps the process alive.
  worker.unref();
  return worker;
}

function describe(progress: Progress, limitMs: number): string {
  const phase =
    progress.phase === 'module'
      ? `while its bundle was evaluated${progress.module ? '' : ' (the top-level code of a snippet or a kind module)'}`
      : progress.node
        ? `in node \`${progress.node.name}\`${progress.node.loc ? ` (${progress.node.loc})` : ''} while it started (\`init\` hooks)`
        : 'while it started (loading nodes, `init` hooks)';
  const where = progress.module ? `${phase}, in \`${progress.module}\`` : phase;
  return `the new version did not finish starting within ${limitMs} ms: its code kept the thread busy ${where}; it was abandoned (FLOWC_START_LIMIT_MS sets the limit)`;
}

function startLimit(): number {
  const raw = process.env['FLOWC_START_LIMIT_MS'];
  const parsed = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : DEFAULT_START_LIMIT_MS;
}
