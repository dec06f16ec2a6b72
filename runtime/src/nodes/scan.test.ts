import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addNode, running, testProgram } from '../testing/graph.ts';
import scan from './scan.ts';
import type { Kind } from '../core/kind.ts';

const kind = scan as Kind<never>;

describe('scan', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'flowc-scan-')), 'input.txt');
  writeFileSync(file, 'first\r\nsecond\n\nlast');

  it('answers one line per packet, keeping the position, then EOF', async () => {
    const program = testProgram();
    addNode(program, 'scan', kind, { filename: file });
    await running(program, async (run) => {
      const got: unknown[] = [];
      for (let i = 0; i < 5; i++) got.push(await run.send('scan', 'in', null));
      expect(got.slice(0, 4)).toEqual(['first', 'second', '', 'last']);
      expect(got[4]).toBeInstanceOf(Error);
      expect((got[4] as Error).message).toBe('EOF');
    });
  });

  it('reads the whole file in mode all, and names the file in the payload without a filename', async () => {
    const program = testProgram();
    addNode(program, 'all', kind, { filename: file, mode: 'all' });
    addNode(program, 'dynamic', kind, {});
    await running(program, async (run) => {
      expect(await run.send('all', 'in', null)).toBe('first\r\nsecond\n\nlast');
      expect(await run.send('all', 'in', null)).toBe('first\r\nsecond\n\nlast');
      expect(await run.send('dynamic', 'in', file)).toBe('first');
      expect(await run.send('dynamic', 'in', join(file, 'missing'))).toBeInstanceOf(Error);
    });
  });
});
