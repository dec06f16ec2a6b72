import { compileAndReport, type CompileFlags } from './shared.ts';

export async function checkCommand(inputs: readonly string[], flags: CompileFlags): Promise<number> {
  const result = compileAndReport(inputs, { ...flags, emit: false });
  if (result.diagnostics.some((d) => d.severity === 'error')) return 1;
  if (flags.format === 'text') {
    const count = result.graph?.nodes.filter((n) => n.namespace === flags.namespace).length ?? 0;
    process.stderr.write(`ok: ${count} node(s) in namespace ${flags.namespace}\n`);
  }
  return 0;
}
