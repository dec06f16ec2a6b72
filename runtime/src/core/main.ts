import { pathToFileURL } from 'node:url';
import { createHost, type Pending } from './host.ts';
import { type Program, type RunningProgram, StartError, type StartOptions } from './program.ts';
import type { Value } from './binding.ts';
import type { HostServices } from './services.ts';
import { isWorker, reportReady, runWorkers, takeWorkers } from './workers.ts';
import { observe, readSettings, type Features, type TelemetryFlags } from '../telemetry/setup.ts';

/** The bundle's command line: what the program starts with, and the telemetry turned on. */
export interface RunOptions extends StartOptions, TelemetryFlags {}

/** What serving tells whoever watches the program's health. */
export interface Lifecycle {
  /** The program started: every listener is bound. */
  ready(): void;
  /** A stop was asked for: from now on the program drains. */
  draining(): void;
  /** The program stopped: flush what is left (spans) before the process exits. */
  close?(): Promise<void>;
}

/** `--env port=8000` is offered to templates as `PORT` (and under its own spelling). */
export function envKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-.\s]+/g, '_')
    .toUpperCase();
}

/** Reads a values file for `--values`; the generated entry passes one only when the program binds values. */
export type ValuesReader = (file: string) => Value[];

/**
 * Parses the bundle's own command line: `--env K=V` (repeatable), `--values file.yaml`, `--log-level L`,
 * `--metrics HOST:PORT` (`--workers` is taken first, `workers.ts`).
 */
export function parseArgs(argv: readonly string[], readValues?: ValuesReader): RunOptions {
  const env: Record<string, string | undefined> = { ...process.env };
  let values: Value[] = [];
  const telemetry: { logLevel?: string; metrics?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new StartError([`${arg} needs a value`]);
      return v;
    };
    if (arg === '--env') {
      for (const pair of next().split(',')) {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new StartError([`--env expects KEY=VALUE, got ${JSON.stringify(pair)}`]);
        const key = pair.slice(0, eq);
        env[key] = env[envKey(key)] = pair.slice(eq + 1);
      }
    } else if (arg === '--values') {
      const file = next();
      if (!readValues) {
        process.stderr.write(`flowc: --values ${file}: this program binds no values, so the file is not read (templates such as {{ .PORT }} come from the environment and --env; a spec binds a value with env: { KEY: [{ name: … }] })\n`);
        continue;
      }
      try {
        values = values.concat(readValues(file));
      } catch (error) {
        throw new StartError([`--values ${(error as Error).message}`]);
      }
    } else if (arg === '--log-level') {
      telemetry.logLevel = next();
    } else if (arg === '--metrics') {
      telemetry.metrics = next();
    } else {
      throw new StartError([`unknown argument ${JSON.stringify(arg)} (the bundle accepts --env KEY=VALUE, --values file.yaml, --log-level LEVEL, --metrics HOST:PORT and --workers <n|auto>)`]);
    }
  }
  return { env, values, ...telemetry };
}

/**
 * Starts a program and keeps it running until SIGINT/SIGTERM, then stops gracefully and exits 0.
 * A program that cannot start prints why and exits 1.
 */
export async function serve(program: Program, options: StartOptions, host: HostServices = createHost(), lifecycle?: Lifecycle): Promise<RunningProgram> {
  // Signals are handled from the start: one that arrives during `init` stops the program once started.
  let stopRequested = false;
  let running: RunningProgram | undefined;
  // A program without listeners (init/term only) still runs until it is told to stop.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const shutdown = (): void => {
    stopRequested = true;
    if (!running) return;
    clearInterval(keepAlive);
    lifecycle?.draining();
    running
      .stop()
      .then(() => lifecycle?.close?.())
      .then(
        () => process.exit(0),
        (error: Error) => {
          process.stderr.write(`flowc: ${error.message}\n`);
          process.exit(1);
        },
      );
  };
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (++signals === 1) {
      if (running) process.stderr.write(`flowc: ${signal}: stopping (answering the requests received; a second signal exits at once)\n`);
      return shutdown();
    }
    // A second signal during the drain: stop waiting, and say what is given up.
    const pending = (host as Partial<{ pending(): Pending }>).pending?.();
    process.stderr.write(`flowc: ${signal} again while stopping: exiting now, abandoning ${abandoned(pending)}\n`);
    process.exit(1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    running = await program.start(host, options);
  } catch (error) {
    process.stderr.write(`flowc: ${(error as Error).message}\n`);
    process.exit(1);
  }
  if (stopRequested) shutdown();
  else lifecycle?.ready();
  return running;
}

function abandoned(pending: Pending | undefined): string {
  if (!pending) return 'whatever is still running';
  const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  return `${plural(pending.requests, 'request')} in flight and ${plural(pending.connections, 'open connection')}`;
}

/**
 * Called by every bundle: runs the program when the bundle is the process's entry point, with the
 * telemetry it was built with (`features`) as far as the command line and environment turn it on.
 */
export function main(program: Program, moduleUrl: string, features: Features = {}, readValues?: ValuesReader): void {
  const entry = process.argv[1];
  if (!entry || pathToFileURL(entry).href !== moduleUrl) return;
  let workers: { workers: number | undefined; rest: string[] };
  try {
    workers = takeWorkers(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`flowc: ${(error as Error).message}\n`);
    process.exit(1);
  }
  // `--workers n`: this process forks n copies of the bundle (without the flag) and supervises them.
  if (workers.workers !== undefined && !isWorker()) return runWorkers(workers.workers, workers.rest);
  void run(program, features, workers.rest, readValues).then(
    () => {
      if (isWorker()) reportReady(program.meta.hash);
    },
    (error: Error) => {
      process.stderr.write(`flowc: ${error.message}\n`);
      process.exit(1);
    },
  );
}

async function run(program: Program, features: Features, argv: readonly string[], readValues: ValuesReader | undefined): Promise<void> {
  const options = parseArgs(argv, readValues);
  const telemetry = await observe(createHost(), readSettings(options, process.env), features);
  await serve(program, options, telemetry.host, telemetry);
}
