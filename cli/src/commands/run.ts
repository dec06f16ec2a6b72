import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { bundleProgram } from '@flowc/compiler/index';
import { envKey, serve } from '@flowc/runtime/core/main';
import type { Program } from '@flowc/runtime/core/program';
import type { Value } from '@flowc/runtime/core/binding';
import { compileAndReport, type CompileFlags } from './shared.ts';
import { writeAtomically } from './write.ts';

export interface RunFlags extends CompileFlags {
  readonly env: readonly string[];
  readonly values: readonly string[];
}

/** `flowc run`: build in memory, load the bundle, serve until a signal. */
export async function runCommand(inputs: readonly string[], flags: RunFlags): Promise<number> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const pair of flags.env.flatMap((e) => e.split(','))) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      process.stderr.write(`flowc: --env expects KEY=VALUE, got ${JSON.stringify(pair)}\n`);
      return 2;
    }
    env[pair.slice(0, eq)] = env[envKey(pair.slice(0, eq))] = pair.slice(eq + 1);
  }
  const values = flags.values.flatMap((file) => readValues(file));
  const result = compileAndReport(inputs, flags);
  if (!result.program) return 1;
  const dir = mkdtempSync(join(tmpdir(), 'flowc-run-'));
  const file = join(dir, 'program.mjs');
  const bundle = await bundleProgram(result.program, file);
  writeAtomically([[file, bundle.code], [`${file}.map`, bundle.map]]);
  const module = (await import(pathToFileURL(file).href)) as { default: Program };
  rmSync(dir, { recursive: true, force: true });
  await serve(module.default, { env, values });
  return 0;
}

function readValues(file: string): Value[] {
  const data = parseYaml(readFileSync(file, 'utf8')) as unknown;
  return (Array.isArray(data) ? data : [data]) as Value[];
}
