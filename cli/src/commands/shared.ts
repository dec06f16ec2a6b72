import { compile, formatDiagnostics, formatDiagnosticsJson, type CompileResult } from '@flowc/compiler/index';

export interface CompileFlags {
  readonly namespace: string;
  readonly format: 'text' | 'json';
}

/** Compiles and prints diagnostics (to stderr as text, or to stdout as JSON). */
export function compileAndReport(inputs: readonly string[], flags: CompileFlags): CompileResult {
  const result = compile({ inputs, namespace: flags.namespace });
  if (flags.format === 'json') {
    process.stdout.write(formatDiagnosticsJson(result.diagnostics));
  } else if (result.diagnostics.length > 0) {
    process.stderr.write(formatDiagnostics(result.diagnostics, result.sources, { color: process.stderr.isTTY }));
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors > 0) process.stderr.write(`\n${errors} error(s): nothing was written\n`);
  }
  return result;
}
