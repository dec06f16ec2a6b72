import { basename, dirname, join, resolve } from 'node:path';
import { ALL_NAMESPACES, bundleProgram, compileSources, type CompileResult } from '@flowc/compiler/index';
import { compileAndReport, report, type CompileFlags } from './shared.ts';
import { writeAtomically } from './write.ts';

export interface BuildFlags extends Omit<CompileFlags, 'checkValues'> {
  readonly out: string;
  readonly emitTs?: string;
  readonly allNamespaces?: boolean;
  readonly values?: readonly string[];
  /** Build from a store (`postgres://…`, `mem://`, a folder) instead of files. */
  readonly store?: string;
}

export async function buildCommand(inputs: readonly string[], flags: BuildFlags): Promise<number> {
  const started = performance.now();
  const namespace = flags.allNamespaces ? ALL_NAMESPACES : flags.namespace;
  let result: CompileResult;
  if (flags.store !== undefined) {
    if (inputs.length > 0 || flags.allNamespaces) {
      process.stderr.write('flowc build: --store builds one namespace and takes no spec files\n');
      return 2;
    }
    result = report(await compileFromStore(flags.store, flags.namespace), flags);
  } else if (inputs.length === 0) {
    process.stderr.write('flowc build: pass spec files, folders or globs, or --store\n');
    return 2;
  } else {
    result = compileAndReport(inputs, { ...flags, checkValues: flags.values, namespace });
  }
  if (result.programs.length === 0) return 1;
  const files: Array<[string, string]> = [];
  for (const program of result.programs) {
    const out = flags.allNamespaces ? resolve(flags.out, `${program.namespace}.mjs`) : resolve(flags.out);
    try {
      const bundle = await bundleProgram(program, out);
      files.push([out, bundle.code], [`${out}.map`, bundle.map]);
    } catch (error) {
      process.stderr.write(`flowc: bundling namespace ${program.namespace} failed, nothing was written:\n${(error as Error).message}\n`);
      return 1;
    }
    if (flags.emitTs) {
      const entry = flags.allNamespaces ? resolve(flags.emitTs, `${program.namespace}.ts`) : resolve(flags.emitTs);
      files.push([entry, program.entry]);
      for (const [specifier, module] of program.modules) files.push([join(dirname(entry), specifier), module.contents]);
    }
  }
  // Every bundle of one build lands together or not at all.
  writeAtomically(files);
  if (flags.format === 'text') {
    const ms = Math.round(performance.now() - started);
    for (const program of result.programs) {
      const name = flags.allNamespaces ? `${program.namespace}.mjs` : basename(flags.out);
      process.stderr.write(`built ${name} (namespace ${program.namespace}, hash ${program.hash}) in ${ms} ms\n`);
    }
  }
  return 0;
}

async function compileFromStore(location: string, namespace: string): Promise<CompileResult> {
  const [{ openStore }, { resolveStore }, { readStoreSources }] = await Promise.all([
    import('@flowc/runtime/store/open'),
    import('../store/config.ts'),
    import('../store/sources.ts'),
  ]);
  const store = openStore((await resolveStore(location)).url);
  try {
    const sources = await readStoreSources(store, namespace);
    return compileSources(sources.files, { namespace, checkValues: true });
  } finally {
    await store.close();
  }
}
