import { describe, expect, it } from 'vitest';
import { compileSources } from '../compile.ts';
import { builtinKindTable, type KindEntry } from '../kinds/registry.ts';
import { Diagnostics } from './diagnostic.ts';
import { guarded } from './guard.ts';

describe('INTERNAL: a failure of flowc itself is a located diagnostic, never a stack trace', () => {
  it('guarded reports the failure where the work was and goes on with the fallback', () => {
    const d = new Diagnostics();
    const at = { file: 'x.yaml', line: 3, column: 1 };
    expect(guarded(d, 'reading `x.yaml`', { at, node: 'n' }, () => { throw new TypeError('boom'); }, 'fallback')).toBe('fallback');
    expect(d.list).toEqual([expect.objectContaining({ code: 'INTERNAL', severity: 'error', file: 'x.yaml', line: 3, node: 'n', message: 'flowc failed while reading `x.yaml`: TypeError: boom' })]);
    expect(d.list[0]!.hint).toContain('please report it');
  });

  it('a kind whose build-time hook throws gets KIND_HOOK_FAILED at its node; the other nodes are still checked', () => {
    const BUILTIN_KINDS = builtinKindTable(new Diagnostics());
    const nop = BUILTIN_KINDS.get('nop')!;
    const broken: KindEntry = { ...nop, definition: { ...nop.definition, kind: 'broken', check: () => { throw new Error('hook failed'); } } };
    const kinds = new Map([...BUILTIN_KINDS, ['broken', broken]]);
    const r = compileSources([{ file: 'x.yaml', text: '- kind: nop\n  name: a\n- kind: broken\n  name: b\n- kind: listener\n  name: c\n' }], { kinds, emit: false });
    expect(r.diagnostics.map((d) => [d.code, d.line, d.node])).toEqual([
      ['MISSING_FIELD', 5, 'c'],
      ['MISSING_FIELD', 5, 'c'],
      ['KIND_HOOK_FAILED', 3, 'b'],
    ]);
  });
});
