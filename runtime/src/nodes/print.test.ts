import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import { Program } from '../core/program.ts';
import type { HostServices } from '../core/services.ts';
import { addNode } from '../testing/graph.ts';
import print from './print.ts';

const kind = print as Kind<never>;

/** A host whose standard streams are captured. */
function capturingHost(): HostServices & { out: string[] } {
  const out: string[] = [];
  return {
    out,
    listen: () => Promise.reject(new Error('no sockets here')),
    write: (stream, data) => {
      const text = typeof data === 'string' ? data : Buffer.from(data).toString();
      out.push(`${stream}:${text}`);
      return Buffer.byteLength(text);
    },
    log: () => undefined,
  };
}

describe('print', () => {
  it('prints a string as is (uniflow treats it as a format, 9.31), formats lists, prints numbers; answers the byte count', async () => {
    const program = new Program({ namespace: 't', hash: 't' });
    addNode(program, 'out', kind, { filename: 'stdout' });
    addNode(program, 'err', kind, { filename: '/dev/stderr' });
    const host = capturingHost();
    const run = await program.start(host);
    try {
      expect(await run.send('out', 'in', '100% done\n')).toBe(10);
      expect(await run.send('out', 'in', ['%s=%d\n', 'n', 42])).toBe(5);
      expect(await run.send('err', 'in', 3.5)).toBe(3);
      expect(await run.send('out', 'in', new Uint8Array([0x68, 0x69]))).toBe(2);
      expect(await run.send('out', 'in', { a: 1 })).toBeInstanceOf(Error);
      expect(host.out).toEqual(['stdout:100% done\n', 'stdout:n=42\n', 'stderr:3.5', 'stdout:hi']);
    } finally {
      await run.stop();
    }
  });

  it('appends to a file, and in dynamic mode to the file the payload names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowc-print-'));
    const program = new Program({ namespace: 't', hash: 't' });
    addNode(program, 'file', kind, { filename: join(dir, 'log.txt') });
    addNode(program, 'dynamic', kind, {});
    const run = await program.start(capturingHost());
    try {
      await run.send('file', 'in', 'one\n');
      await run.send('file', 'in', 'two\n');
      await run.send('dynamic', 'in', [join(dir, 'other.txt'), '%s\n', 'three']);
      expect(await run.send('dynamic', 'in', 'no file name')).toBeInstanceOf(Error);
    } finally {
      await run.stop();
    }
    expect(readFileSync(join(dir, 'log.txt'), 'utf8')).toBe('one\ntwo\n');
    expect(readFileSync(join(dir, 'other.txt'), 'utf8')).toBe('three\n');
  });
});
