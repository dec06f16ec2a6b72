import { describe, expect, it } from 'vitest';
import { NONE } from './packet.ts';
import { stableKey } from './stable-key.ts';

describe('stableKey', () => {
  it('is equal for payloads equal by value', () => {
    expect(stableKey({ a: 1, b: { c: [1, 2] } })).toBe(stableKey({ b: { c: [1, 2] }, a: 1 }));
    expect(stableKey(new Uint8Array([1, 2, 3]))).toBe(stableKey(new Uint8Array([0, 1, 2, 3]).subarray(1)));
    expect(stableKey(0)).toBe(stableKey(-0));
    expect(stableKey(5)).toBe(stableKey(5n));
  });

  it('tells different kinds of values apart', () => {
    const values = [null, true, false, 1, '1', 'true', 'null', [1], ['1'], { 1: 1 }, { a: '1' }, { a: 1 }, new Uint8Array([49]), [], {}, '', NONE, [null], [[]]];
    const keys = values.map(stableKey);
    expect(new Set(keys).size).toBe(values.length);
  });

  it('does not let a string forge structure', () => {
    expect(stableKey(['a', 'b'])).not.toBe(stableKey(['a","b']));
    expect(stableKey({ a: 'x', b: 'y' })).not.toBe(stableKey({ a: 'x","b":"y' }));
  });
});
