import { isCelError, plan } from '@bufbuild/cel';
import { describe, expect, it } from 'vitest';
import { FlowError, NONE } from '../core/packet.ts';
import { analyseCel } from './cel-check.ts';
import { CEL_ENV } from './cel-env.ts';
import { celInput } from './cel.ts';
import { fastCel, UNSURE } from './cel-fast.ts';

const EXPRESSIONS = [
  'has(self.query.tier) && self.query.tier[0] in ["gold", "silver"] && self.path.startsWith("/if")',
  'self.path == "/a" || self.method != "GET"',
  '!has(self.user) ? "anonymous" : self.user.name',
  'self.query["tier"][1] == "x"',
  'self.path.endsWith("z") || self.path.contains("mid")',
  'self.flag',
  'self.flag == true && self.other == null',
  'self == null',
  'self.missing == "x" || true',
  'self.missing == "x" && false',
];

const PAYLOADS: unknown[] = [
  { method: 'GET', path: '/if', query: { tier: ['gold'] } },
  { method: 'GET', path: '/if/x', query: { tier: ['bronze', 'x'] } },
  { method: 'POST', path: '/a', query: {} },
  { method: 'GET', path: '/mid/z', query: { tier: [] }, user: { name: 'ann' } },
  { path: 1, query: { tier: [1, 2] }, flag: true, other: null },
  { flag: 'yes', user: { name: 2 } },
  { query: [], path: null, user: null },
  Object.assign(Object.create(null), { path: '/if', query: { tier: ['silver'] }, flag: false }),
  null,
  'text',
  42,
  [1, 2],
  new FlowError('bad'),
  NONE,
  new Uint8Array([1]),
];

/** What the planned CEL program answers: a value, or the error it raises. */
function cel(source: string, self: unknown): unknown {
  const run = plan(CEL_ENV, analyseCel(source).parsed!);
  const result = run({ self: celInput(self) });
  return isCelError(result) ? 'error' : result;
}

describe('fastCel', () => {
  it('answers exactly what CEL answers whenever it answers, for every expression and payload', () => {
    let answered = 0;
    for (const source of EXPRESSIONS) {
      const fast = fastCel(analyseCel(source).parsed!.expr);
      expect(fast, source).toBeDefined();
      for (const self of PAYLOADS) {
        const got = fast!(self);
        if (got === UNSURE) continue;
        answered++;
        expect(got, `${source} with ${JSON.stringify(self)}`).toEqual(cel(source, self));
      }
    }
    // The subset is the common case, not a corner: most of these evaluations are answered directly.
    expect(answered).toBeGreaterThan(EXPRESSIONS.length * 2);
  });

  it('is unsure where CEL raises an error or the answer is not a string, boolean or null', () => {
    const fast = (source: string) => fastCel(analyseCel(source).parsed!.expr)!;
    expect(fast('self.missing == "x"')({})).toBe(UNSURE);
    expect(fast('self.query.tier[3] == "x"')({ query: { tier: [] } })).toBe(UNSURE);
    expect(fast('self.a')({ a: { b: 1 } })).toBe(UNSURE);
    expect(fast('self.n == "1"')({ n: 1 })).toBe(UNSURE);
  });

  it('leaves expressions outside the subset to CEL', () => {
    for (const source of ['self.n + 1 > 2', 'size(self.s) == 1', '[1, 2].exists(x, x > 1)', 'self.s.matches("a+")', 'int(self.n) == 1']) {
      expect(fastCel(analyseCel(source).parsed!.expr), source).toBeUndefined();
    }
  });
});
