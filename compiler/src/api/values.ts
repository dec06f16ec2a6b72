import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Value } from '@flowc/runtime/core/binding';

/** The data of values files (YAML or JSON: one value or a list), for binding when a program starts. */
export function readValueFiles(files: readonly string[], cwd: string): Value[] {
  return files.flatMap((file): Value[] => {
    const data = parseYaml(readFileSync(resolve(cwd, file), 'utf8')) as unknown;
    return (Array.isArray(data) ? data : [data]) as Value[];
  });
}
