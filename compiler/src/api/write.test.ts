import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnwritableOutput, writeAtomically } from './write.ts';

const temp = (): string => mkdtempSync(join(tmpdir(), 'flowc-write-'));

describe('writeAtomically', () => {
  it('creates the missing folders and writes every file', () => {
    const dir = temp();
    writeAtomically([
      [join(dir, 'a/b/app.mjs'), 'code'],
      [join(dir, 'a/b/app.mjs.map'), 'map'],
    ]);
    expect(readFileSync(join(dir, 'a/b/app.mjs'), 'utf8')).toBe('code');
    expect(readFileSync(join(dir, 'a/b/app.mjs.map'), 'utf8')).toBe('map');
  });

  it('a file that cannot be written (a file is in the way of its folder) writes none and names the path and the reason', () => {
    const dir = temp();
    writeFileSync(join(dir, 'app.yaml'), 'spec');
    writeFileSync(join(dir, 'app.mjs'), 'old');
    const failure = (() => {
      try {
        writeAtomically([
          [join(dir, 'app.mjs'), 'new'],
          [join(dir, 'app.yaml/app.ts'), 'ts'],
        ]);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(UnwritableOutput);
    expect(failure).toMatchObject({ path: join(dir, 'app.yaml/app.ts'), reason: 'ENOTDIR: not a directory' });
    expect(readFileSync(join(dir, 'app.mjs'), 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['app.mjs', 'app.yaml']);
  });

  it.runIf(existsSync('/proc/self'))('a folder the kernel refuses to create fails at once instead of looping (Node\'s recursive mkdir spins on /proc)', () => {
    expect(() => writeAtomically([['/proc/flowc-nope/app.mjs', 'code']])).toThrow(UnwritableOutput);
  });
});
