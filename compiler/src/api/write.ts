import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A file of a build that could not be written, and the system's reason (`EACCES: permission denied`…). */
export class UnwritableOutput extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
  }
}

/**
 * Writes files so that readers see either the old or the new content, never a half-written one; when one cannot
 * be written, none is (the staged ones are removed) and the failure is an `UnwritableOutput`.
 */
export function writeAtomically(files: ReadonlyArray<readonly [path: string, contents: string]>): void {
  const staged: Array<readonly [temp: string, path: string]> = [];
  let current = files[0]?.[0] ?? '';
  try {
    for (const [path, contents] of files) {
      current = path;
      makeFolders(dirname(path));
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, contents);
      staged.push([temp, path]);
    }
  } catch (error) {
    for (const [temp] of staged) rmSync(temp, { force: true });
    throw unwritable(current, error);
  }
  for (const [temp, path] of staged) {
    try {
      renameSync(temp, path);
    } catch (error) {
      for (const [left] of staged) rmSync(left, { force: true });
      throw unwritable(path, error);
    }
  }
}

function unwritable(path: string, error: unknown): UnwritableOutput {
  const failure = error as NodeJS.ErrnoException;
  return new UnwritableOutput(path, failure.code ? `${failure.code}: ${reason(failure)}` : failure.message);
}

/**
 * `mkdir -p`, one level at a time from the deepest folder that exists. Node's own `recursive` loops forever where
 * the kernel refuses a folder whose parent exists (`/proc/x`), which would hang a build.
 */
function makeFolders(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeFolders(parent);
  mkdirSync(dir);
}

/** The system's words without Node's `CODE: ` prefix and `, syscall 'path'` suffix. */
function reason(error: NodeJS.ErrnoException): string {
  const words = /^[A-Z]+: ([^,]+)/.exec(error.message)?.[1];
  return words ?? error.message;
}
