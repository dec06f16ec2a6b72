import { check } from '@flowc/compiler';
import { inputOptions, type InputFlags } from '../options.ts';
import { printDiagnostics, type DiagnosticsFormat } from '../render.ts';

/** `flowc check`: every problem of the inputs, nothing written; exit 1 on errors. */
export async function checkCommand(inputs: readonly string[], flags: InputFlags & { readonly format: DiagnosticsFormat }): Promise<number> {
  const result = await check(inputOptions(inputs, flags));
  printDiagnostics(result, flags.format);
  if (result.errors.length > 0) return 1;
  if (flags.format === 'text') {
    const namespace = flags.namespace ?? 'default';
    const count = result.graph?.nodes.filter((n) => n.namespace === namespace).length ?? 0;
    process.stderr.write(`ok: ${count} node(s) in namespace ${namespace}\n`);
  }
  return 0;
}
