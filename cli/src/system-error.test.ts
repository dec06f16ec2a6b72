import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeInternalError, describeSystemError } from './system-error.ts';

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

  it('leaves other errors alone (they are bugs, said by describeInternalError)', () => {
    expect(describeSystemError(new TypeError('x is undefined'))).toBeUndefined();
    expect(describeSystemError('text')).toBeUndefined();
  });
});

describe('describeInternalError', () => {
  it('says a bug is a bug, without a stack unless asked', () => {
    const error = new TypeError('x is undefined');
    const plain = describeInternalError(error, false);
    expect(plain).toMatch(/^internal error: x is undefined\nThis is a bug in flowc/);
    expect(plain).not.toContain('    at ');
    expect(describeInternalError(error, true)).toContain(error.stack!);
    expect(describeInternalError('text', true)).toMatch(/^internal error: text\n/);
  });
});
