import { compile, formatDiagnostics, formatDiagnosticsJson, type CompileResult } from '@flowc/compiler/index';

export interface CompileFlags {
  readonly namespace: string;
  readonly format: 'text' | 'json';
  readonly charts?: readonly string[];
  /** Values files checked at build time (`build`, `check`); `run` binds them instead. */
  readonly checkValues?: readonly string[];
  /** False for `check`, which reports problems without generating a program. */
  readonly emit?: boolean;
}

/** Compiles and prints diagnostics (to stderr as text, or to stdout as JSON). */
export function compileAndReport(inputs: readonly string[], flags: CompileFlags): CompileResult {
  const result = compile({ inputs, namespace: flags.namespace, charts: flags.charts, values: flags.checkValues, emit: flags.emit });
  return report(result, flags);
}

/** Prints a compile result's diagnostics the way every command does. */
export function report(result: CompileResult, flags: Pick<CompileFlags, 'format'>): CompileResult {
  if (flags.format === 'json') {
    process.stdout.write(formatDiagnosticsJson(result.diagnostics));
  } else if (result.diagnostics.length > 0) {
    process.stderr.write(formatDiagnostics(result.diagnostics, result.sources, { color: process.stderr.isTTY }));
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors > 0) process.stderr.write(`\n${errors} error(s): nothing was written\n`);
  }
  return result;
}
