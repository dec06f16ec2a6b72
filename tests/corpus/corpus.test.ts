import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/src/compile.ts';
import { CODES, type DiagnosticCode } from '../../compiler/src/diagnostics/codes.ts';
import { ROOT } from '../support/flowc.ts';

/** tests/corpus/generate.mjs writes cases/ and expected.json from templates × mutations. */
const expected = JSON.parse(readFileSync(join(ROOT, 'tests/corpus/expected.json'), 'utf8')) as Record<string, { code: DiagnosticCode; line: number }>;
const cases = Object.entries(expected);

describe('corpus of bad specs', () => {
  it('holds at least 500 cases, each expecting a code of the table', () => {
    expect(cases.length).toBeGreaterThanOrEqual(500);
    for (const [, { code }] of cases) expect(Object.keys(CODES)).toContain(code);
  });

  it.each(cases)('%s', (file, { code, line }) => {
    const path = join('tests/corpus/cases', file);
    const result = compile({ inputs: [path], cwd: ROOT, emit: false });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length, 'a bad spec is an error').toBeGreaterThan(0);
    expect(errors.filter((d) => d.code === 'INTERNAL'), 'no internal failure').toEqual([]);
    const summary = result.diagnostics.map((d) => `${d.code}@${d.line}`).join(' ');
    expect(result.diagnostics.some((d) => d.code === code && d.file === path && d.line === line), `expected ${code}@${line}, got ${summary}`).toBe(true);
  });
});
