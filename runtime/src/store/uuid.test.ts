import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { uuidFromName, uuidv7 } from './uuid.ts';

describe('uuidv7', () => {
  it('makes valid v7 ids that sort in creation order, many per millisecond', () => {
    const before = Date.now();
    const ids = Array.from({ length: 10_000 }, () => uuidv7());
    const after = Date.now();
    expect(ids.every((id) => validate(id) && version(id) === 7)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    const ms = (id: string): number => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms(ids[0]!)).toBeGreaterThanOrEqual(before);
    expect(ms(ids.at(-1)!)).toBeLessThanOrEqual(after + 1);
  });
});

describe('uuidFromName', () => {
  it('gives the same v8 id for the same name, as stores made before the uuid package did', () => {
    // The id a folder store gave this name before the move to the package: it must not change.
    expect(uuidFromName('specs/default/pong')).toBe('c478f6a9-ad1e-8462-8fee-e9d8f0fdfa61');
    expect(version(uuidFromName('specs/default/pong'))).toBe(8);
    expect(uuidFromName('specs/default/pong')).not.toBe(uuidFromName('specs/default/ping'));
  });
});
