import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot, stampsOfUnchanged } from './watch.ts';

describe('stampsOfUnchanged', () => {
  it('keeps the real stamp of a file untouched since the build started, so the first build is not repeated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stamps-'));
    const old = join(dir, 'old.yaml');
    const fresh = join(dir, 'fresh.yaml');
    writeFileSync(old, 'a');
    writeFileSync(fresh, 'b');
    const since = Date.now();
    utimesSync(old, new Date(since - 10_000), new Date(since - 10_000));
    utimesSync(fresh, new Date(since + 1_000), new Date(since + 1_000));
    const stamps = stampsOfUnchanged([old, fresh, join(dir, 'gone.yaml')], since);
    expect(stamps.get(old)).toBe(snapshot([old]).get(old));
    // Modified while the build ran (or gone): unknown, so the trailing check rebuilds.
    expect(stamps.get(fresh)).toBe('?');
    expect(stamps.get(join(dir, 'gone.yaml'))).toBe('?');
  });
});
