import { describe, expect, it } from 'vitest';
import { FlowError, NONE } from '../core/packet.ts';
import { analyseCel } from './cel-check.ts';
import { celModuleKey, celPredicate, celProgram, encodeCel, truthy } from './cel.ts';

const run = (source: string, self: unknown = null): unknown => celProgram(source, {}, ['x'])(self);

describe('celProgram', () => {
  it('plans from the parsed form the compiler emitted, without parsing the source', () => {
    const parsed = analyseCel('self * 2').parsed!;
    // The source passed along is deliberately different: only the parsed form is used.
    const program = celProgram('this is not parsed', { [celModuleKey(['when'])]: { celProgram, parsed: encodeCel(parsed) } }, ['when']);
    expect(program(21)).toBe(42);
  });

  it('parses and checks at start when there is no parsed form', () => {
    expect(() => celProgram('self +', {}, ['when'])).toThrow(/field `when`: CEL syntax error/);
    expect(() => celProgram('lower(self)', {}, ['matches', 0, 'when'])).toThrow(/field `matches.0.when`: unknown function `lower`/);
  });

  it("reads a map input's keys as variables, as uniflow does", () => {
    const parsed = analyseCel("count > 10 && payload['status'] == 'ok'").parsed!;
    const modules = { [celModuleKey(['when'])]: { celProgram, parsed: encodeCel(parsed) } };
    const program = celProgram("count > 10 && payload['status'] == 'ok'", modules, ['when']);
    expect(program({ count: 11, payload: { status: 'ok' } })).toBe(true);
    expect(program({ count: 3, payload: { status: 'ok' } })).toBe(false);
    expect(() => program({ payload: {} })).toThrow('unknown variable `count`: the input has no key `count` (the input itself is `self`)');
    expect(() => program([1])).toThrow('unknown variable `count`: the input is not a map');
    expect(celProgram('self.count + count', {}, ['when'])({ count: 2 })).toBe(4);
  });

  it('converts results to plain values', () => {
    expect(run('1 + 2')).toBe(3);
    expect(run('9223372036854775807')).toBe(9223372036854775807n);
    expect(run('3u')).toBe(3);
    expect(run('2.5')).toBe(2.5);
    expect(run('{"a": [1, {"b": null}], 1: true}')).toEqual({ a: [1, { b: null }], 1: true });
    expect(run('[]')).toEqual([]);
    expect(run('{}')).toEqual({});
    expect(run('b"hi"')).toEqual(new Uint8Array([104, 105]));
    expect(run('type(1)')).toBe('int');
    expect(run('timestamp("2020-01-01T00:00:01.5Z")')).toBe(1577836801500);
    expect(run('duration("1m30s")')).toBe(90_000);
  });

  it('hands payloads to CEL: objects as maps, numbers as doubles, errors as their message, NONE as null', () => {
    expect(run('self.a.b[1]', { a: { b: [1, 'two'] } })).toBe('two');
    expect(run('type(self)', 1)).toBe('double');
    expect(run('self == 1', 1)).toBe(true);
    expect(run('self', new FlowError('bad'))).toBe('bad');
    expect(run('self == null', NONE)).toBe(true);
    expect(run('self.k', Object.assign(Object.create(null) as object, { k: 'v' }))).toBe('v');
  });

  it('offers the strings extension and base64', () => {
    expect(run('self.lowerAscii().split("-")', 'A-B')).toEqual(['a', 'b']);
    expect(run('base64.encode(b"hi")')).toBe('aGk=');
    expect(run('string(base64.decode("aGk="))')).toBe('hi');
  });

  it('throws a FlowError carrying the CEL message when evaluation fails', () => {
    expect(() => run('self.x', {})).toThrow(FlowError);
    expect(() => run('1 / 0')).toThrow('int divide by zero');
  });
});

describe('truthiness', () => {
  it('false, 0, "" and null are falsy; anything else is truthy', () => {
    for (const v of [false, 0, -0, 0n, '', null, undefined]) expect(truthy(v), String(v)).toBe(false);
    for (const v of [true, 1, 0.5, 1n, 'a', [], {}, Number.NaN]) expect(truthy(v), String(v)).toBe(true);
  });

  it('applies to CEL results, unsigned and lists included', () => {
    const is = (source: string): boolean => celPredicate(source, {}, ['when'])(null);
    expect([is('0u'), is('0'), is('0.0'), is('""'), is('null'), is('false')]).toEqual([false, false, false, false, false, false]);
    expect([is('1u'), is('[]'), is('{}'), is('"0"'), is('true')]).toEqual([true, true, true, true, true]);
  });
});

describe('a fold that appends to a list', () => {
  const append = celProgram('self[0] + [self[1]]', {}, ['action']);

  it('copies the accumulator instead of converting its elements again', () => {
    let acc: unknown = [];
    const runs: unknown[][] = [];
    for (const input of [{ n: 1 }, { n: 2 }, { n: 3 }]) runs.push((acc = append([acc, input])) as unknown[]);
    expect(runs).toEqual([[{ n: 1 }], [{ n: 1 }, { n: 2 }], [{ n: 1 }, { n: 2 }, { n: 3 }]]);
    // Each running value is an array of its own, whose earlier elements are the previous value's own objects.
    expect(new Set(runs).size).toBe(3);
    expect(runs[2]![0]).toBe(runs[0]![0]);
    expect(runs[2]![1]).toBe(runs[1]![1]);
  });

  it('still converts lists that did not come from a conversion (a payload of the caller)', () => {
    const payload = [{ n: 1 }];
    const next = append([payload, { n: 2 }]) as unknown[];
    expect(next).toEqual([{ n: 1 }, { n: 2 }]);
    expect(next[0]).not.toBe(payload[0]);
  });
});
