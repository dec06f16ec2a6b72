import { describe, expect, it } from 'vitest';
import { prettyLine } from './pretty.ts';

describe('prettyLine', () => {
  it('writes a pino line as time, level, message and the other fields, then the stack', () => {
    const line = JSON.stringify({ level: 50, time: '2026-12-01T16:00:01.250Z', pid: 7, msg: 'request GET /: boom', reqId: 'r1', node: 'n', err: { stack: 'Error: boom\n    at x' } });
    expect(prettyLine(line)).toBe('16:00:01.250 ERROR request GET /: boom  reqId=r1 node=n\n    Error: boom\n        at x\n');
  });

  it('passes a line that is not JSON through', () => {
    expect(prettyLine('plain\n')).toBe('plain\n');
  });
});
