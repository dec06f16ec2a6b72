import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../compile.ts';

function check(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'flowc-validate-'));
  writeFileSync(join(dir, 'app.yaml'), yaml);
  return compile({ inputs: [join(dir, 'app.yaml')], cwd: dir }).diagnostics;
}

describe('field values that fail a union of schemas', () => {
  it('say what the field takes (its description) and what was given, not which anyOf failed', () => {
    const diagnostics = check('- kind: cache\n  name: c\n  interval: 5 minutes\n');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'FIELD_VALUE', line: 3, column: 13, node: 'c' });
    expect(diagnostics[0]!.message).toBe('`interval` must be a duration: milliseconds, or Go syntax such as 250ms, 1.5s, 1h30m; got a string ("5 minutes")');
  });

  it('keep ajv\'s words for a keyword that is not a union', () => {
    const diagnostics = check('- kind: retry\n  name: r\n  threshold: -1\n');
    expect(diagnostics.map((d) => d.message)).toEqual(['`threshold` must be >= 0']);
  });
});
