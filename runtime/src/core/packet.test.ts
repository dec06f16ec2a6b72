import { describe, expect, it } from 'vitest';
import { FlowError, join, NONE, toError } from './packet.ts';

describe('join (fan-out merge)', () => {
  it('drops None, keeps null', () => {
    expect(join([NONE, null])).toBe(null);
    expect(join([NONE, NONE])).toBe(NONE);
    expect(join([])).toBe(NONE);
  });
  it('one result is that result; several are a list in link order', () => {
    expect(join([NONE, 1])).toBe(1);
    expect(join([1, NONE, 'b', null])).toEqual([1, 'b', null]);
  });
  it('any error wins; several errors join their messages with newlines', () => {
    const e = new FlowError('boom');
    expect(join([1, e])).toBe(e);
    const both = join([new FlowError('a'), 2, new FlowError('b')]);
    expect(both).toBeInstanceOf(Error);
    expect((both as Error).message).toBe('a\nb');
  });
});

describe('toError', () => {
  it('keeps errors and wraps anything else', () => {
    const e = new Error('x');
    expect(toError(e)).toBe(e);
    expect(toError('text').message).toBe('text');
    expect(toError(42).message).toContain('42');
  });
});
