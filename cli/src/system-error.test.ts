import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSystemError } from './system-error.ts';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('describeSystemError', () => {
  it('words a file system failure: what was done to which path, the code and the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowc-syserr-'));
    writeFileSync(join(dir, 'file'), '');
    const error = thrown(() => writeFileSync(join(dir, 'file/out.json'), 'x'));
    expect(describeSystemError(error)).toBe(`cannot open ${join(dir, 'file/out.json')}: ENOTDIR: not a directory`);
  });

  it('leaves other errors alone (a bug keeps its stack)', () => {
    expect(describeSystemError(new TypeError('x is undefined'))).toBeUndefined();
    expect(describeSystemError('text')).toBeUndefined();
  });
});
