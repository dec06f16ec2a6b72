import { resolve } from 'node:path';
import type { Value } from '@flowc/runtime/core/binding';
import { readValuesFile } from '@flowc/runtime/core/values-yaml';

/** The data of values files (YAML or JSON: one entry or a list), for binding when a program starts. */
export function readValueFiles(files: readonly string[], cwd: string): Value[] {
  return files.flatMap((file) => readValuesFile(resolve(cwd, file)));
}
