// The minimal wrong input of every entry in the table of codes (docs/diagnostics.md) gets its code, through the
// API call behind the command the entry shows.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, check, runTests } from '@flowc/compiler';
import { CODES, type CodeExample } from '../../compiler/src/diagnostics/codes.ts';
import { tempDir } from '../support/flowc.ts';

function materialise(example: CodeExample): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(example.files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  for (const [name, target] of Object.entries(example.links ?? {})) symlinkSync(target, join(dir, name));
  return dir;
}

/** `flowc build a.yaml -n ns --values v.yaml -o out.mjs` → the API call and its options (`-o` is written under the example's folder). */
function run(command: string, cwd: string): Promise<{ readonly diagnostics: ReadonlyArray<{ readonly code: string }> }> {
  const [, verb, ...words] = command.split(/\s+/);
  const inputs: string[] = [];
  const values: string[] = [];
  let namespace: string | undefined;
  let outfile: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '-n') namespace = words[++i];
    else if (word === '--values') values.push(words[++i]!);
    else if (word === '-o') outfile = words[++i];
    else inputs.push(word);
  }
  const options = { cwd, inputs, ...(namespace ? { namespace } : {}), ...(values.length > 0 ? { values } : {}), ...(outfile ? { outfile: join(cwd, outfile) } : {}) };
  if (verb === 'test') return runTests(options);
  return verb === 'build' ? build(options) : check(options);
}

describe('the example of every code gets that code', () => {
  for (const [code, entry] of Object.entries(CODES)) {
    const example: CodeExample | undefined = 'example' in entry ? entry.example : undefined;
    if (!example) continue;
    it(`${code}: ${example.command}`, async () => {
      const result = await run(example.command, materialise(example));
      expect(result.diagnostics.map((d) => d.code), JSON.stringify(result.diagnostics, null, 2)).toEqual([code]);
    });
  }
});
