import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../diagnostics/diagnostic.ts';
import { readSuite } from './cases.ts';

const read = (text: string) => {
  const diagnostics = new Diagnostics();
  const suite = readSuite({ file: 'x.test.yaml', text }, '/nowhere', diagnostics);
  return { suite, diagnostics: diagnostics.list };
};

describe('case files', () => {
  it('reads cases with the file-level env, values and mocks under their own', () => {
    const { suite, diagnostics } = read(
      ['specs: [a.yaml]', 'env: { A: 1 }', 'mocks: { db: { answer: [] } }', 'timeout: 2s', 'cases:', '  - name: one', '    send: { node: n }', '    env: { B: x }', '    mocks: { db: { error: down, times: 1 } }', '    expect: { error: down }', ''].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(suite!.specs).toEqual(['a.yaml']);
    const [one] = suite!.cases;
    expect(one).toMatchObject({ name: 'one', env: { A: '1', B: 'x' }, timeout: 2000, send: { node: { value: 'n' }, port: { value: 'in' }, payload: null } });
    expect(one!.mocks.get('db')).toMatchObject({ answer: { type: 'error', message: 'down' }, times: { value: 1 } });
  });

  it('reads the namespace its cases run in, and refuses one that is not a name', () => {
    expect(read(['namespace: system', 'cases: []', ''].join('\n')).suite!.namespace).toBe('system');
    expect(read('cases: []\n').suite!.namespace).toBeUndefined();
    expect(read(['namespace: 3', 'cases: []', ''].join('\n')).diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([['TEST_INVALID', 1, '`namespace` must be a namespace name (text)']]);
  });

  it('places every problem where it is written', () => {
    const { diagnostics } = read(['cases:', '  - name: bad', '    request: { path: nope }', '    mocks: { db: { js: "(x) =>" } }', '    expect: { status: "200", cel: "self ==" }', ''].join('\n'));
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['TEST_INVALID', 3, 16],
      ['TEST_INVALID', 4, 20],
      ['TEST_INVALID', 5, 15],
      ['EXPRESSION_SYNTAX', 5, 41],
    ]);
  });

  it('any text is read into cases or diagnostics, never a throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('cases:\n  - name: a\n    request: { path: / }\n', 'cases: [', 'cases: 1', 'mocks: { x: 1 }\ncases: []', ''), (noise, base) => {
        const { diagnostics } = read(base + noise);
        for (const d of diagnostics) expect(d.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
