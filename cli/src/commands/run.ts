import { envOrReport, inputOptions, inputProblem, withStoreFromEnv, type InputFlags } from '../options.ts';
import type { DiagnosticsFormat } from '../render.ts';
import { serveUntilSignal, workersOrReport } from './serve.ts';

export interface RunFlags extends InputFlags {
  readonly env: readonly string[];
  readonly format: DiagnosticsFormat;
  readonly debug?: boolean;
  readonly logLevel?: string;
  readonly metrics?: string;
  readonly workers?: string;
}

/**
 * `flowc run`: build in memory and serve until a signal. With `--store`, follow the store's change
 * stream and hot-swap every change, recording this instance in the store (see `flowc status`).
 */
export async function runCommand(inputs: readonly string[], given: RunFlags): Promise<number> {
  const flags = withStoreFromEnv(inputs, given);
  const problem = inputProblem('run', inputs, flags);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    return 2;
  }
  const env = envOrReport(flags.env);
  const workers = workersOrReport(flags.workers);
  if (!env || workers === false) return 2;
  return serveUntilSignal(inputOptions(inputs, flags), env, 'run', {
    format: flags.format,
    watch: flags.store !== undefined,
    debug: flags.debug === true,
    logLevel: flags.logLevel,
    metrics: flags.metrics,
    ...(workers !== undefined ? { workers } : {}),
  });
}
