import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Value } from './binding.ts';
import { ValuesFileError, valuesFromData } from './values-file.ts';

/**
 * Reads a values file, YAML or JSON (YAML's subset). Its text is secret, so a syntax error is reported
 * by line and column only: the parser's own message quotes the text around the error. A bundle carries
 * this reader (and the YAML parser) only when its program binds values.
 */
export function readValuesFile(file: string): Value[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ValuesFileError(file, `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let data: unknown;
  try {
    data = parse(text.replace(/^\uFEFF/, ''), { maxAliasCount: 100 });
  } catch (error) {
    const position = (error as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    throw new ValuesFileError(file, `not valid YAML or JSON${position ? ` at line ${position.line}, column ${position.col}` : ''}`);
  }
  return valuesFromData(data, file);
}
