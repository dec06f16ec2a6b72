import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { envKey } from '@flowc/runtime/core/main';
import type { StartOptions } from '@flowc/runtime/core/program';
import type { Value } from '@flowc/runtime/core/binding';

/**
 * What a program is started with: the process environment plus `--env KEY=VALUE` pairs (also
 * offered as SCREAMING_SNAKE keys), and the values of `--values` files (YAML or JSON lists).
 */
export function startOptions(pairs: readonly string[], valueFiles: readonly string[]): StartOptions {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const pair of pairs.flatMap((e) => e.split(','))) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--env expects KEY=VALUE, got ${JSON.stringify(pair)}`);
    const key = pair.slice(0, eq);
    env[key] = env[envKey(key)] = pair.slice(eq + 1);
  }
  const values = valueFiles.flatMap((file): Value[] => {
    const data = parseYaml(readFileSync(file, 'utf8')) as unknown;
    return (Array.isArray(data) ? data : [data]) as Value[];
  });
  return { env, values };
}

/** startOptions, or undefined after printing why the flags are unusable. */
export function startOptionsOrReport(pairs: readonly string[], valueFiles: readonly string[]): StartOptions | undefined {
  try {
    return startOptions(pairs, valueFiles);
  } catch (error) {
    process.stderr.write(`flowc: ${(error as Error).message}\n`);
    return undefined;
  }
}
