import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../diagnostics/limits.ts';
import { jsonErrorOffset, readConstant } from './constants.ts';

describe('readConstant', () => {
  it('reads json and yaml code into values', () => {
    expect(readConstant('{"a": [1, true, null]}', 'json')).toEqual({ value: { a: [1, true, null] } });
    expect(readConstant('a: [1, 2]\nb: &x hi\nc: *x\n', 'yaml')).toEqual({ value: Object.assign(Object.create(null), { a: [1, 2], b: 'hi', c: 'hi' }) });
    expect(readConstant('', 'yaml')).toEqual({ value: null });
  });

  it('points a JSON error at its line and column inside the code', () => {
    const r = readConstant('{\n  "a": 1,\n  "b": ,\n}\n', 'json');
    expect(r).toMatchObject({ line: 3, column: 8, log: { code: 'CODE_SYNTAX', message: "invalid JSON: Unexpected token ','" } });
    expect(readConstant('[1, 2', 'json')).toMatchObject({ line: 1, column: 6 });
  });

  it('reads yaml code under the rules of spec files: aliases, several documents, limits', () => {
    expect(readConstant('a: *nosuch\n', 'yaml')).toMatchObject({ line: 1, column: 4, log: { code: 'CODE_SYNTAX', message: 'invalid YAML: alias `*nosuch` names no anchor' } });
    expect(readConstant('a: 1\n---\nb: 2\n', 'yaml')).toMatchObject({ line: 2, log: { code: 'CODE_SYNTAX' } });
    expect(readConstant(`${'['.repeat(LIMITS.documentDepth.max + 1)}${']'.repeat(LIMITS.documentDepth.max + 1)}`, 'yaml')).toMatchObject({ log: { code: 'LIMIT_EXCEEDED' } });
    expect(readConstant(`${'['.repeat(LIMITS.documentDepth.max + 1)}${']'.repeat(LIMITS.documentDepth.max + 1)}`, 'json')).toMatchObject({ log: { code: 'LIMIT_EXCEEDED' } });
  });
});

describe('jsonErrorOffset', () => {
  it('finds where JSON.parse stops, for any text it refuses', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.constantFrom(',', '}', ']', '"', ':', 'x', '\\', '\n'), (json, at, piece) => {
        const i = at % (json.length + 1);
        const text = json.slice(0, i) + piece + json.slice(i);
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        fc.pre(!valid);
        const offset = jsonErrorOffset(text);
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThanOrEqual(text.length);
        // What comes before the change is the start of valid JSON: the error is not earlier than the
        // token the change split (`n,ull` fails at its `n`).
        expect(offset).toBeGreaterThanOrEqual(i - 'false'.length);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
