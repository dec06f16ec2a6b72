import { readFileSync } from 'node:fs';
import { Diagnostics, type Diagnostic } from '../../diagnostics/diagnostic.ts';
import { parseResources, type LocatedResource } from '../../parse/document.ts';

/** The resources of a `-f` file, each able to point back at where its parts were written. */
export interface InputFile {
  readonly file: string;
  readonly text: string;
  readonly entries: readonly LocatedResource[];
  /** YAML syntax errors and entries that are not maps, as `flowc check` reports them. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads a `-f` file (`-` is standard input): YAML or JSON, one map, a list of maps, or several `---`
 * documents. Throws only when the file cannot be read at all.
 */
export function readInputFile(file: string): InputFile {
  const text = readFileSync(file === '-' ? 0 : file, 'utf8');
  return parseInput(file === '-' ? '<stdin>' : file, text);
}

export function parseInput(file: string, text: string): InputFile {
  const diagnostics = new Diagnostics();
  const entries = parseResources({ file, text }, diagnostics);
  return { file, text, entries, diagnostics: diagnostics.list };
}
