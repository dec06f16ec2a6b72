import { basename } from 'node:path';
import { build, type ObserveFeature } from '@flowc/compiler';
import { inputOptions, inputProblem, withStoreFromEnv, type InputFlags } from '../options.ts';
import { printDiagnostics, type DiagnosticsFormat } from '../render.ts';

export interface BuildFlags extends InputFlags {
  readonly out: string;
  readonly emitTs?: string;
  readonly allNamespaces?: boolean;
  readonly format: DiagnosticsFormat;
  readonly observe?: string;
}

const FEATURES: readonly ObserveFeature[] = ['logs', 'metrics', 'tracing'];

/** `--observe logs,metrics` → the features, or the problem with the list. */
function observeFeatures(list: string | undefined): readonly ObserveFeature[] | string {
  if (list === undefined) return [];
  const wanted = list.split(',').map((f) => f.trim()).filter((f) => f !== '');
  const unknown = wanted.filter((f) => !FEATURES.includes(f as ObserveFeature));
  if (unknown.length > 0 || wanted.length === 0) return `flowc build: --observe takes ${FEATURES.join(', ')} (comma-separated), got ${JSON.stringify(list)}`;
  return wanted as ObserveFeature[];
}

/** `flowc build`: validate and write one bundle per namespace, all or nothing. */
export async function buildCommand(inputs: readonly string[], given: BuildFlags): Promise<number> {
  const flags = withStoreFromEnv(inputs, given);
  const observe = observeFeatures(flags.observe);
  const problem = inputProblem('build', inputs, flags) ?? (flags.store !== undefined && flags.allNamespaces ? 'flowc build: --store builds one namespace' : undefined) ?? (typeof observe === 'string' ? observe : undefined);
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
    ...(typeof observe !== 'string' && observe.length > 0 ? { observe } : {}),
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
