import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { StartError } from './program.ts';

/**
 * `--workers <n|auto>` of a bundle: the primary process forks n copies of the bundle with node:cluster. Each
 * worker runs the whole program; listeners in workers share their sockets through the primary (every worker
 * that listens on a port is handed connections of that one socket, port 0 included). The primary restarts a
 * worker that crashes, and on SIGTERM/SIGINT tells every worker to stop (each drains its requests as a single
 * process does) and exits once all have.
 */

/** The message a worker sends its primary once its program has started. */
interface Ready {
  readonly flowc: 'ready';
  readonly hash: string;
}

/** Takes `--workers <n|auto>` out of a bundle's arguments; the rest is for the program. */
export function takeWorkers(argv: readonly string[]): { workers: number | undefined; rest: string[] } {
  const rest: string[] = [];
  let workers: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg !== '--workers' && !arg.startsWith('--workers=')) {
      rest.push(arg);
      continue;
    }
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
    workers = parseWorkers(value);
  }
  return { workers, rest };
}

export function parseWorkers(value: string | undefined): number {
  if (value === 'auto') return availableParallelism();
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 1) throw new StartError([`--workers expects a number of processes (1 or more) or \`auto\`, got ${JSON.stringify(value ?? '')}`]);
  return n;
}

/** Whether this process is a worker forked by `runWorkers` (its program tells the primary when it is ready). */
export function isWorker(): boolean {
  return cluster.isWorker;
}

/** Tells the primary that this worker's program serves; `hash` is the program's, the same in every worker. */
export function reportReady(hash: string): void {
  const message: Ready = { flowc: 'ready', hash };
  process.send?.(message);
}

/** Runs `count` workers of this bundle with `args`, until SIGTERM/SIGINT. Never resolves: the primary exits. */
export function runWorkers(count: number, args: readonly string[]): void {
  cluster.setupPrimary({ args: [...args] });
  const log = (line: string): boolean => process.stderr.write(`flowc: ${line}\n`);
  const ready = new Set<Worker>();
  let stopping = false;
  let exitCode = 0;
  let announced = false;

  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('message', (message: Partial<Ready>) => {
      if (message?.flowc !== 'ready') return;
      ready.add(worker);
      log(`worker ${worker.process.pid} serving program ${message.hash}`);
      if (!announced && ready.size === count) {
        announced = true;
        log(`${count} workers serving program ${message.hash}`);
      }
    });
    worker.on('exit', (code, signal) => {
      const wasReady = ready.delete(worker);
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
        return;
      }
      if (!wasReady) {
        // It could not even start (a bad --env, a port in use): the others will not either.
        log(`a worker exited before its program started (${signal ?? `code ${code}`}): stopping`);
        return stop(1);
      }
      const next = fork();
      log(`worker ${worker.process.pid} exited (${signal ?? `code ${code}`}): started worker ${next.process.pid} in its place`);
    });
    return worker;
  };

  const stop = (code: number): void => {
    stopping = true;
    exitCode = code;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (workers.length === 0) process.exit(code);
    for (const worker of workers) worker.process.kill('SIGTERM');
    if (code !== 0) setTimeout(() => process.exit(code), 10_000).unref();
  };

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (++signals === 1) {
      log(`${signal}: stopping ${count} workers (each answers the requests it received)`);
      return stop(0);
    }
    // A second signal is passed on: each worker stops waiting for its drain and exits.
    log(`${signal} again: telling the workers to exit now`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  for (let i = 0; i < count; i++) fork();
}
