import { context } from '@flowc/compiler';
import { envOrReport, inputOptions, type InputFlags } from '../options.ts';
import type { DiagnosticsFormat } from '../render.ts';
import { renderEvents, serveUntilSignal, workersOrReport } from './serve.ts';

export interface WatchFlags extends InputFlags {
  readonly out?: string;
  readonly run?: boolean;
  readonly env: readonly string[];
  readonly format: DiagnosticsFormat;
  readonly debug?: boolean;
  /** `--ui [addr]`: true for the default address. */
  readonly ui?: string | boolean;
  readonly logLevel?: string;
  readonly metrics?: string;
  readonly workers?: string;
}

export const UI_ADDRESS = '127.0.0.1:7357';

/**
 * `flowc watch`: rebuilds on every change. With `-o` the bundle is rewritten atomically; with `--run`
 * the program is served and hot-swapped. A broken edit prints its diagnostics and changes nothing.
 */
export async function watchCommand(inputs: readonly string[], flags: WatchFlags): Promise<number> {
  if (!flags.out && !flags.run) {
    process.stderr.write('flowc watch: pass -o <file> to rebuild a bundle, --run to serve and hot-swap, or both\n');
    return 2;
  }
  if ((flags.debug || flags.ui || flags.workers !== undefined) && !flags.run) {
    process.stderr.write(`flowc watch: ${flags.debug ? '--debug debugs' : flags.ui ? '--ui shows' : '--workers run'} the program --run serves\n`);
    return 2;
  }
  const env = envOrReport(flags.env);
  const workers = workersOrReport(flags.workers);
  if (!env || workers === false) return 2;
  const options = { ...inputOptions(inputs, flags), ...(flags.out ? { outfile: flags.out } : {}) };
  if (flags.run) return serveUntilSignal(options, env, 'watch', {
      format: flags.format,
      watch: true,
      debug: flags.debug === true,
      logLevel: flags.logLevel,
      metrics: flags.metrics,
      ...(workers !== undefined ? { workers } : {}),
      ...(flags.ui ? { ui: flags.ui === true ? UI_ADDRESS : flags.ui } : {}),
    });
  const ctx = await context(options);
  renderEvents(ctx, 'watch', { format: flags.format, watch: true }, () => undefined);
  const stop = (): void => void ctx.dispose().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await ctx.watch();
  return new Promise<number>(() => undefined);
}
