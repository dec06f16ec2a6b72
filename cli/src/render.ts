import { formatDiagnostics, type BuildResult, type FlowcEventOf } from '@flowc/compiler';

export type DiagnosticsFormat = 'text' | 'json';

/** Prints a build's diagnostics the way every command does: text frames to stderr, or JSON to stdout. */
export function printDiagnostics(result: Pick<BuildResult, 'diagnostics' | 'sources' | 'errors'>, format: DiagnosticsFormat, whatWasKept = 'nothing was written'): void {
  if (format === 'json') {
    process.stdout.write(formatDiagnostics(result.diagnostics, { format: 'json' }));
    return;
  }
  if (result.diagnostics.length === 0) return;
  process.stderr.write(formatDiagnostics(result.diagnostics, { sources: result.sources, color: process.stderr.isTTY }));
  if (result.errors.length > 0) process.stderr.write(`\n${result.errors.length} error(s): ${whatWasKept}\n`);
}

/** A timestamped line of a long-running command (`[watch 12:00:00.000] …`). */
export function logLine(scope: string, message: string): void {
  process.stderr.write(`[${scope} ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

/** One line per swap: which version serves now and what the swap cost. */
export function describeSwap(event: FlowcEventOf<'swap'>): string {
  const ms = (n: number): number => Math.round(n);
  const t = event.timings;
  return `serving ${event.hash} (rebuild ${ms(t.compileMs + t.bundleMs)} ms: compile ${ms(t.compileMs)} ms, bundle ${ms(t.bundleMs)} ms; swap ${ms(t.startMs)} ms; old version drained in ${ms(t.drainMs)} ms)`;
}

/** The message of anything thrown, without a stack: stacks never reach a user. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
