import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CODES, type DiagnosticCode } from './codes.ts';
import { diagnosticsReference, diagnosticUrl, explainCode, unknownCodeHint } from './explain.ts';

const codes = Object.keys(CODES) as DiagnosticCode[];

describe('the table of codes', () => {
  it('is sorted', () => {
    expect(codes).toEqual([...codes].sort());
  });

  it('gives every code its meaning, a minimal wrong input and the fix', () => {
    const lacking = codes.filter((code) => {
      const entry: { summary: string; meaning: string; fix: string; example?: { command: string; files: object } } = CODES[code];
      const example = code === 'INTERNAL' || (entry.example !== undefined && /^flowc (check|build|test) /.test(entry.example.command));
      return !(entry.summary && entry.meaning.length > 20 && entry.fix.length > 10 && example);
    });
    expect(lacking, 'these codes need an entry (summary, meaning, example, fix) in codes.ts').toEqual([]);
  });

  it('docs/diagnostics.md is the table rendered (run `npm run docs:diagnostics` after changing codes.ts)', () => {
    const page = readFileSync(new URL('../../../docs/diagnostics.md', import.meta.url), 'utf8');
    expect(page).toBe(diagnosticsReference());
  });

  it('explain prints the section a url points at', () => {
    const page = diagnosticsReference();
    for (const code of codes) {
      expect(diagnosticUrl(code)).toBe(`docs/diagnostics.md#${code.toLowerCase()}`);
      expect(page).toContain(explainCode(code));
      expect(explainCode(code).split('\n')[0]).toBe(`## ${code}`);
    }
  });

  it('suggests the closest code for a mistyped one', () => {
    expect(unknownCodeHint('UNKNOWN_KND')).toBe('did you mean `UNKNOWN_KIND`?');
    expect(unknownCodeHint('nonsense')).toContain('docs/diagnostics.md');
  });
});
