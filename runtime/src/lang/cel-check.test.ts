import { describe, expect, it } from 'vitest';
import { analyseCel, CEL_MAX_DEPTH } from './cel-check.ts';

const problems = (source: string) => analyseCel(source).problems.map(({ kind, message, line, column }) => ({ kind, message, line, column }));

describe('analyseCel', () => {
  it('accepts expressions on `self` with macros, types, operators and the environment functions', () => {
    for (const source of [
      'has(self.age) && self.age >= 18',
      'self.items.map(x, x * 2).filter(y, y > 2).size() > 0',
      'self.items.all(i, i > 0) || self.items.exists(i, i == 0) || self.items.exists_one(i, i < 0)',
      'type(self) == string ? self : string(self)',
      'self[0] + self[1]',
      '{"a": self.a, "b": [1, 2u, 3.0, b"x", null]}',
      'self.name.lowerAscii().startsWith("a") && self.name.matches("^a")',
      'base64.encode(b"x") != "" && int(self) in [1, 2]',
      'timestamp("2020-01-01T00:00:00Z") < timestamp(self.at) && duration("1s") > duration("0s")',
      'google.protobuf.Timestamp{seconds: 1} != null',
    ]) {
      expect(problems(source), source).toEqual([]);
    }
  });

  it('reports a syntax error at its line and column', () => {
    // The parser backtracks to the last operator it could not complete.
    expect(problems('self.a +* 2')).toEqual([{ kind: 'syntax', message: 'CEL syntax error: found + but expecting end of input', line: 1, column: 8 }]);
    expect(problems('self.a &&\n  self.b ==\n  )')[0]).toMatchObject({ kind: 'syntax', line: 2, column: 10 });
    expect(analyseCel('').problems[0]!.message).toBe('CEL syntax error: found end of input but expecting an expression');
  });

  it('takes any other name as a key of a map input (uniflow), once per name', () => {
    expect(analyseCel('self.a == 1 && input.b == 2 || input.c')).toMatchObject({ problems: [], variables: ['input'] });
    expect(analyseCel("count > 10 && payload['status'] == 'ok'").variables).toEqual(['count', 'payload']);
    expect(analyseCel('base64.encode(b"x") == self && type(self) == string').variables).toEqual([]);
  });

  it('scopes macro variables to their macro', () => {
    expect(analyseCel('self.map(x, x + 1)')).toMatchObject({ problems: [], variables: [] });
    expect(analyseCel('self.map(x, x + 1) == [x]').variables).toEqual(['x']);
  });

  it('reports an unknown function or method at its name', () => {
    expect(problems('lower(self)')).toEqual([{ kind: 'unknown', message: 'unknown function `lower`', line: 1, column: 1 }]);
    expect(problems('self.name.toLower()')).toEqual([{ kind: 'unknown', message: 'unknown function `toLower`', line: 1, column: 11 }]);
    expect(problems('math.greatest(1, 2)')).toEqual([{ kind: 'unknown', message: 'unknown function `math.greatest`', line: 1, column: 1 }]);
    // A known method on another name: a method of that input key.
    expect(analyseCel('req.size()')).toMatchObject({ problems: [], variables: ['req'] });
  });

  it('reports a misused macro as a syntax problem', () => {
    expect(problems('has(1)')).toEqual([{ kind: 'syntax', message: 'wrong use of the `has` macro', line: 1, column: 1 }]);
    expect(analyseCel('self.map(x)').problems[0]!.hint).toContain('self.items.map(x, x * 2)');
  });

  it('reports an unknown message type', () => {
    expect(problems('acme.Order{id: 1}')).toEqual([{ kind: 'unknown', message: 'unknown message type `acme.Order`', line: 1, column: 1 }]);
  });

  it('reports integer literals that do not fit in 64 bits where they are written, and accepts the extremes', () => {
    expect(problems('self.x == 99999999999999999999999')).toEqual([
      { kind: 'syntax', message: 'integer literal 99999999999999999999999 does not fit in an int (64 bits, -9223372036854775808 to 9223372036854775807)', line: 1, column: 11 },
    ]);
    expect(problems('18446744073709551616u')[0]).toMatchObject({ kind: 'syntax', line: 1, column: 1 });
    expect(problems('-9223372036854775808 == self && 18446744073709551615u > 0u')).toEqual([]);
  });

  it('reports an invalid escape in a string at the backslash, not raw strings', () => {
    expect(problems('self == "ok" || self == "\\xZZ"')).toEqual([{ kind: 'syntax', message: 'CEL syntax error: invalid escape `\\xZZ` in a string', line: 1, column: 26 }]);
    expect(problems('self.matches(r"\\d+") || self == "\\x41\\u0041\\101\\n"')).toEqual([]);
  });

  it('refuses expressions over the size limit before parsing them', () => {
    const huge = Array.from({ length: 400_000 }, () => 'self.a').join(' + ');
    expect(analyseCel(huge).problems).toEqual([expect.objectContaining({ kind: 'limit', limit: 'size', found: huge.length, line: 1, column: 1 })]);
    expect(analyseCel(huge).parsed).toBeUndefined();
  });

  it('refuses nesting over the depth limit, brackets before parsing and operator chains after, and accepts it up to the limit', () => {
    const parens = (n: number) => `${'('.repeat(n)}self${')'.repeat(n)}`;
    expect(analyseCel(parens(CEL_MAX_DEPTH + 1)).problems).toEqual([expect.objectContaining({ kind: 'limit', limit: 'depth', line: 1, column: CEL_MAX_DEPTH + 1 })]);
    expect(analyseCel(parens(5000)).problems[0]).toMatchObject({ kind: 'limit', limit: 'depth' });
    expect(problems(parens(CEL_MAX_DEPTH - 1))).toEqual([]);
    // Brackets inside strings do not count.
    expect(problems(`self == "${'('.repeat(CEL_MAX_DEPTH + 5)}"`)).toEqual([]);
    const chain = (n: number) => Array.from({ length: n }, () => '1').join(' + ');
    expect(analyseCel(chain(20_000)).problems[0]).toMatchObject({ kind: 'limit', limit: 'depth' });
    expect(problems(chain(CEL_MAX_DEPTH - 10))).toEqual([]);
  });
});
