import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes files so that readers see either the old or the new content, never a half-written one. */
export function writeAtomically(files: ReadonlyArray<readonly [path: string, contents: string]>): void {
  const staged = files.map(([path, contents]) => {
    mkdirSync(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, contents);
    return [temp, path] as const;
  });
  for (const [temp, path] of staged) renameSync(temp, path);
}
