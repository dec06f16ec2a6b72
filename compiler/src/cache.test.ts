import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompileCache } from './cache.ts';
import { compileSources, type TypedSource } from './compile.ts';

const node = (i: number, answer: string): string =>
  `- kind: snippet\n  name: s${i}\n  language: ${i % 2 ? 'text' : 'javascript'}\n  code: ${i % 2 ? answer : `'export default () => ${JSON.stringify(answer)}'`}\n`;

describe('CompileCache (watch mode)', () => {
  it('property: a cached rebuild after any edits emits exactly what a fresh build emits', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(9), fc.stringMatching(/^[a-z]{1,6}$/)), { minLength: 1, maxLength: 8 }), (edits) => {
        const answers = Array.from({ length: 10 }, () => 'x');
        const files = (): TypedSource[] => [0, 1].map((f) => ({ file: `f${f}.yaml`, text: answers.slice(f * 5, f * 5 + 5).map((a, i) => node(f * 5 + i, a)).join('') }));
        const cache = new CompileCache();
        compileSources(files(), { cache });
        for (const [index, answer] of edits) {
          answers[index] = answer;
          const cached = compileSources(files(), { cache });
          const fresh = compileSources(files(), {});
          expect(cached.program!.entry).toBe(fresh.program!.entry);
          expect(cached.program!.hash).toBe(fresh.program!.hash);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('reports a problem at its current position even when the spec was valid before', () => {
    const cache = new CompileCache();
    const good = '- kind: nop\n  name: a\n';
    compileSources([{ file: 'a.yaml', text: good }], { cache });
    const bad = `# moved down\n${good}- kind: snippet\n  name: b\n  language: txt\n  code: x\n`;
    const r = compileSources([{ file: 'a.yaml', text: bad }], { cache });
    expect(r.diagnostics[0]).toMatchObject({ code: 'FIELD_VALUE', line: 6 });
    expect(compileSources([{ file: 'a.yaml', text: bad }], { cache }).diagnostics[0]).toMatchObject({ code: 'FIELD_VALUE', line: 6 });
  });
});
