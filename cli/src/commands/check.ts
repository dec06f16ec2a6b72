import { compileAndReport, type CompileFlags } from './shared.ts';

export async function checkCommand(inputs: readonly string[], flags: CompileFlags): Promise<number> {
  const result = compileAndReport(inputs, flags);
  if (!result.program) return 1;
  if (flags.format === 'text') {
    const count = result.graph?.nodes.filter((n) => n.namespace === result.program!.namespace).length ?? 0;
    process.stderr.write(`ok: ${count} node(s) in namespace ${result.program.namespace}\n`);
  }
  return 0;
}
