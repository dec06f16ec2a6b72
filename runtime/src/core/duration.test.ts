import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DURATION_PATTERN, parseDuration } from './duration.ts';

const accepts = (value: unknown): boolean => {
  try {
    parseDuration(value);
    return true;
  } catch {
    return false;
  }
};

describe('parseDuration', () => {
  it('takes numbers and numeric strings as milliseconds', () => {
    expect(parseDuration(250)).toBe(250);
    expect(parseDuration(0)).toBe(0);
    expect(parseDuration(1.5)).toBe(1.5);
    expect(parseDuration(10n)).toBe(10);
    expect(parseDuration('250')).toBe(250);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('1.5')).toBe(1.5);
    expect(parseDuration('.5')).toBe(0.5);
  });

  it('takes Go duration syntax', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('.5s')).toBe(500);
    expect(parseDuration('2.s')).toBe(2000);
    expect(parseDuration('0.1s')).toBe(100);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('2h45m30.5s')).toBe(9_930_500);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('300us')).toBe(0.3);
    expect(parseDuration('300\u00b5s')).toBe(0.3);
    expect(parseDuration('300\u03bcs')).toBe(0.3);
    expect(parseDuration('10ns')).toBe(0.00001);
    expect(parseDuration('1s500ms')).toBe(1500);
    expect(parseDuration('0s')).toBe(0);
  });

  it('rejects negatives, signs, unknown units and other values', () => {
    for (const bad of ['-1s', '+1s', '-1', 'abc', '', '1d', '1.5.5s', 's', '.s', '.', '1 s', ' 1s', '1s ', '1e3', 'ms1', '1sms']) {
      expect(() => parseDuration(bad), bad).toThrow(Error);
    }
    for (const bad of [-1, -1n, Number.NaN, Number.POSITIVE_INFINITY, null, undefined, true, {}, [1]]) {
      expect(() => parseDuration(bad), String(bad)).toThrow(Error);
    }
  });

  it('explains what is accepted', () => {
    expect(() => parseDuration('abc')).toThrow(
      'invalid duration "abc": use a number of milliseconds or Go syntax like 250ms, 1.5s, 1h30m',
    );
    expect(() => parseDuration(-5)).toThrow('invalid duration -5: use a number of milliseconds');
  });

  it('parses n ms as n for every non-negative integer', () => {
    fc.assert(fc.property(fc.maxSafeNat(), (n) => parseDuration(`${n}ms`) === n && parseDuration(`${n}`) === n));
  });
});

describe('DURATION_PATTERN', () => {
  const pattern = new RegExp(DURATION_PATTERN);

  it('works with and without the unicode flag (JSON Schema validators differ)', () => {
    const unicode = new RegExp(DURATION_PATTERN, 'u');
    for (const text of ['1h30m', '300\u00b5s', '250', 'abc', '-1s']) expect(unicode.test(text)).toBe(pattern.test(text));
  });

  it('accepts exactly the strings parseDuration accepts', () => {
    const unit = fc.constantFrom('0', '1', '5', '9', '.', 'n', 'u', '\u00b5', '\u03bc', 'm', 's', 'h', 'd', '-', '+', ' ', 'e');
    const durationish = fc.string({ unit, maxLength: 12 });
    fc.assert(
      fc.property(fc.oneof(durationish, fc.string()), (text) => pattern.test(text) === accepts(text)),
      { numRuns: 2000 },
    );
  });
});
