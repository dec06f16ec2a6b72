import { basename, dirname, join, resolve } from 'node:path';
import { bundleProgram } from '@flowc/compiler/index';
import { compileAndReport, type CompileFlags } from './shared.ts';
import { writeAtomically } from './write.ts';

export interface BuildFlags extends CompileFlags {
  readonly out: string;
  readonly emitTs?: string;
}

export async function buildCommand(inputs: readonly string[], flags: BuildFlags): Promise<number> {
  const started = performance.now();
  const result = compileAndReport(inputs, flags);
  if (!result.program) return 1;
  const out = resolve(flags.out);
  let bundle;
  try {
    bundle = await bundleProgram(result.program, out);
  } catch (error) {
    process.stderr.write(`flowc: bundling failed, nothing was written:\n${(error as Error).message}\n`);
    return 1;
  }
  const files: Array<[string, string]> = [
    [out, bundle.code],
    [`${out}.map`, bundle.map],
  ];
  if (flags.emitTs) {
    const entry = resolve(flags.emitTs);
    files.push([entry, result.program.entry]);
    for (const [specifier, module] of result.program.modules) files.push([join(dirname(entry), specifier), module.contents]);
  }
  writeAtomically(files);
  if (flags.format === 'text') {
    const ms = Math.round(performance.now() - started);
    process.stderr.write(`built ${basename(out)} (namespace ${result.program.namespace}, hash ${result.program.hash}) in ${ms} ms\n`);
  }
  return 0;
}
