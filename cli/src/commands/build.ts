import { basename } from 'node:path';
import { build } from '@flowc/compiler';
import { inputOptions, inputProblem, withStoreFromEnv, type InputFlags } from '../options.ts';
import { printDiagnostics, type DiagnosticsFormat } from '../render.ts';

export interface BuildFlags extends InputFlags {
  readonly out: string;
  readonly emitTs?: string;
  readonly allNamespaces?: boolean;
  readonly format: DiagnosticsFormat;
}

/** `flowc build`: validate and write one bundle per namespace, all or nothing. */
export async function buildCommand(inputs: readonly string[], given: BuildFlags): Promise<number> {
  const flags = withStoreFromEnv(inputs, given);
  const problem = inputProblem('build', inputs, flags) ?? (flags.store !== undefined && flags.allNamespaces ? 'flowc build: --store builds one namespace' : undefined);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    return 2;
  }
  const started = performance.now();
  const result = await build({
    ...inputOptions(inputs, flags),
    ...(flags.allNamespaces ? { namespace: '*' } : {}),
    outfile: flags.out,
    ...(flags.emitTs ? { emitTs: flags.emitTs } : {}),
  });
  printDiagnostics(result, flags.format);
  if (result.errors.length > 0) return 1;
  if (flags.format === 'text') {
    const ms = Math.round(performance.now() - started);
    for (const output of result.outputs) {
      process.stderr.write(`built ${basename(output.path ?? flags.out)} (namespace ${output.namespace}, hash ${output.hash}) in ${ms} ms\n`);
    }
  }
  return 0;
}
