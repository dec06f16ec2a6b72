import { context, WORKER_ENV, type BuildContext, type ContextOptions, type WorkerPlan } from '@flowc/compiler';
import { createHost } from '@flowc/runtime/core/host';
import { parseWorkers } from '@flowc/runtime/core/workers';
import { observe, readSettings, type Features, type TelemetryFlags } from '@flowc/runtime/telemetry/setup';
import { describeSwap, logLine, messageOf, printDiagnostics, type DiagnosticsFormat } from '../render.ts';

export interface ServeFlags {
  readonly format: DiagnosticsFormat;
  /** Build debug programs and drive them from the `(debug) ` prompt. */
  readonly debug?: boolean;
  /** Serve the live view on this address (a debug build: its hooks count the packets). */
  readonly ui?: string;
  /** `--workers`: serve in this many worker processes (node:cluster) sharing the listening sockets. */
  readonly workers?: number;
}

/** `flowc run` and `watch --run` have every telemetry feature at hand (node_modules): each loads when turned on. */
export const FEATURES: Features = {
  logs: () => import('@flowc/runtime/log/pino'),
  metrics: () => import('@flowc/runtime/telemetry/metrics'),
  tracing: () => import('@flowc/runtime/telemetry/tracing'),
};

/**
 * Prints what a long-running context does (`flowc watch`, `flowc run`): diagnostics of failed builds,
 * swaps, writes, and what keeps serving when a version is refused.
 */
export function renderEvents(ctx: BuildContext, scope: string, flags: ServeFlags & { readonly watch: boolean }, serving: () => string | undefined): void {
  const still = (): string => {
    const hash = serving();
    return hash ? `still serving ${hash}` : 'nothing is running yet';
  };
  ctx.on('build-end', (event) => {
    printDiagnostics(event.result, flags.format, 'nothing was changed');
    if (event.result.errors.length > 0) logLine(scope, `build failed; ${still()}`);
  });
  ctx.on('write', (event) => logLine(scope, `wrote ${event.path} (${event.hash})`));
  ctx.on('swap', (event) => logLine(scope, describeSwap(event)));
  // Without a watch there is no next version to wait for: the command says why it stops, and exits 1.
  ctx.on('swap-failed', (event) => (flags.watch ? logLine(scope, `${event.message}\n${still()}`) : process.stderr.write(`flowc: ${event.message}\n`)));
  ctx.on('converged', (event) => logLine(scope, `converged: ${event.instances} instance(s) serving ${event.hash}`));
  ctx.on('worker', (event) => logLine(scope, event.message));
  ctx.on('warning', (event) => logLine(scope, event.message));
}

/** `--workers <n|auto>` as given; `false` (reported) when it is not a number of processes. */
export function workersOrReport(value: string | undefined): number | undefined | false {
  if (value === undefined) return undefined;
  try {
    return parseWorkers(value);
  } catch (error) {
    process.stderr.write(`flowc: ${messageOf(error)}\n`);
    return false;
  }
}

/**
 * `--workers n`: n copies of this CLI serve as workers (`serve-worker.ts`), each with the telemetry asked for;
 * the metrics endpoint is then the workers' (one shared socket: each scrape is answered by one of them).
 */
function workerPlan(count: number, flags: TelemetryFlags): WorkerPlan {
  const telemetry: TelemetryFlags = { ...(flags.logLevel ? { logLevel: flags.logLevel } : {}), ...(flags.metrics ? { metrics: flags.metrics } : {}) };
  return { count, exec: process.argv[1]!, env: { [WORKER_ENV]: JSON.stringify(telemetry) } };
}

/**
 * Serves a context until SIGINT/SIGTERM, then stops gracefully and exits 0. With `watch`, every good
 * change is swapped in; a first build that fails keeps waiting for a good one.
 */
export async function serveUntilSignal(options: ContextOptions, env: Record<string, string | undefined>, scope: string, flags: ServeFlags & TelemetryFlags & { readonly watch: boolean }): Promise<number> {
  if (flags.workers !== undefined && (flags.debug || flags.ui !== undefined)) {
    process.stderr.write(`flowc ${scope}: ${flags.debug ? '--debug' : '--ui'} follows one process; it cannot be used with --workers\n`);
    return 2;
  }
  // Versions load with their source maps (serve/load.ts): a snippet's stack frame names its YAML line.
  process.setSourceMapsEnabled(true);
  let telemetry: Awaited<ReturnType<typeof observe>>;
  try {
    // With workers, the metrics endpoint is theirs (see workerPlan).
    const read = readSettings(flags, process.env);
    const settings = flags.workers !== undefined ? { logLevel: read.logLevel, tracing: read.tracing } : read;
    telemetry = await observe(createHost(), settings, FEATURES);
  } catch (error) {
    process.stderr.write(`flowc: ${messageOf(error)}\n`);
    return 2;
  }
  const ctx = await context(flags.debug || flags.ui !== undefined ? { ...options, debug: true } : options);
  let hash: string | undefined;
  renderEvents(ctx, scope, flags, () => hash);
  ctx.on('swap', (event) => {
    hash = event.hash;
    // A watch whose first build failed becomes ready with its first good version.
    telemetry.ready();
  });
  ctx.on('store-change', (event) => telemetry.storeChanged(event.lagMs));
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    telemetry.draining();
    ctx
      .dispose()
      .then(() => telemetry.close())
      .then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`flowc: ${messageOf(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const debug = flags.debug || flags.ui !== undefined ? (await import('./debug.ts')).attachDebugger(flags.debug ? stop : undefined) : undefined;
  if (debug && flags.ui !== undefined) await (await import('./live.ts')).showLiveView(ctx, debug, flags.ui, options.namespace ?? 'default', scope);
  try {
    await ctx.serve({ env, host: telemetry.host, ...(flags.workers !== undefined ? { workers: workerPlan(flags.workers, flags) } : {}) });
  } catch (error) {
    // Diagnostics were printed as the build ended; a start error was logged as a failed swap.
    if (!flags.watch) {
      await ctx.dispose();
      return 1;
    }
  }
  if (flags.watch) await ctx.watch();
  return new Promise<number>(() => undefined);
}
