import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleProgram } from '@flowc/compiler/index';
import { serve } from '@flowc/runtime/core/main';
import type { Program } from '@flowc/runtime/core/program';
import { compileAndReport, type CompileFlags } from './shared.ts';
import { startOptionsOrReport } from './start-options.ts';
import { writeAtomically } from './write.ts';

export interface RunFlags extends CompileFlags {
  readonly env: readonly string[];
  readonly values: readonly string[];
  readonly store?: string;
}

/** `flowc run`: build in memory, load the bundle, serve until a signal. */
export async function runCommand(inputs: readonly string[], flags: RunFlags): Promise<number> {
  const options = startOptionsOrReport(flags.env, flags.values);
  if (!options) return 2;
  if (flags.store !== undefined) {
    if (inputs.length > 0) {
      process.stderr.write('flowc run: pass spec files or --store, not both\n');
      return 2;
    }
    const { runFromStore } = await import('./run-store.ts');
    return runFromStore({ ...flags, store: flags.store }, options);
  }
  if (inputs.length === 0) {
    process.stderr.write('flowc run: pass spec files, folders or globs, or --store\n');
    return 2;
  }
  const result = compileAndReport(inputs, flags);
  if (!result.program) return 1;
  const dir = mkdtempSync(join(tmpdir(), 'flowc-run-'));
  const file = join(dir, 'program.mjs');
  const bundle = await bundleProgram(result.program, file);
  writeAtomically([[file, bundle.code], [`${file}.map`, bundle.map]]);
  const module = (await import(pathToFileURL(file).href)) as { default: Program };
  rmSync(dir, { recursive: true, force: true });
  await serve(module.default, options);
  return 0;
}
