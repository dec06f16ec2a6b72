import { readFileSync, statSync, readdirSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { globSync } from 'tinyglobby';
import type { Diagnostics } from '../diagnostics/diagnostic.ts';
import { fileUnreadable, inputNotFound } from '../diagnostics/messages.ts';

export interface SourceFile {
  /** The path as shown in diagnostics (relative to the working directory when possible). */
  readonly file: string;
  readonly text: string;
}

const SPEC_FILE = /\.(ya?ml|json)$/i;
/** Case files of `flowc test` (`orders.test.yaml`): never specs, so folders and globs of specs skip them. */
export const TEST_FILE = /\.test\.(ya?ml|json)$/i;

/** Expands files, folders (recursively, YAML and JSON files) and globs into source files, in a stable order. */
export function readInputs(inputs: readonly string[], diagnostics: Diagnostics, cwd = process.cwd()): SourceFile[] {
  const seen = new Set<string>();
  const files: SourceFile[] = [];
  for (const input of inputs) {
    const paths = expand(input, cwd);
    if (paths.length === 0) {
      diagnostics.report(inputNotFound(input));
    }
    for (const path of paths) {
      const file = displayPath(path, cwd);
      if (seen.has(file)) continue;
      seen.add(file);
      try {
        files.push({ file, text: readFileSync(isAbsolute(path) ? path : join(cwd, path), 'utf8') });
      } catch (error) {
        diagnostics.report(fileUnreadable(file, (error as Error).message));
      }
    }
  }
  return files;
}

function expand(input: string, cwd: string): string[] {
  const absolute = isAbsolute(input) ? input : join(cwd, input);
  const stat = statSync(absolute, { throwIfNoEntry: false });
  if (stat?.isFile()) return [absolute];
  if (stat?.isDirectory()) return walk(absolute).filter((f) => SPEC_FILE.test(f) && !TEST_FILE.test(f)).sort();
  return globSync(input, { cwd, absolute: true, onlyFiles: true }).filter((f) => !TEST_FILE.test(f)).sort();
}

/** The `*.test.yaml` case files among the inputs: named ones, and those in folders or matching globs. */
export function findTestFiles(inputs: readonly string[], cwd = process.cwd()): string[] {
  const found = new Set<string>();
  for (const input of inputs) {
    const absolute = isAbsolute(input) ? input : join(cwd, input);
    const stat = statSync(absolute, { throwIfNoEntry: false });
    const paths = stat?.isFile() ? [absolute] : stat?.isDirectory() ? walk(absolute) : globSync(input, { cwd, absolute: true, onlyFiles: true });
    for (const path of paths) if (TEST_FILE.test(path)) found.add(displayPath(path, cwd));
  }
  return [...found].sort();
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel;
}
