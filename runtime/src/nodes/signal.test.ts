import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import type { Process } from '../core/process.ts';
import { openStore } from '../store/open.ts';
import { testSchema } from '../store/testing.ts';
import { addNode, addProbe, running, testProgram } from '../testing/graph.ts';
import signal from './signal.ts';

const kind = signal as Kind<never>;

/** A signal wired to a probe that records each packet and the process it arrived in. */
function watching(fields: Record<string, unknown>) {
  const seen: Array<{ payload: unknown; proc: Process }> = [];
  const p = testProgram();
  const node = addNode(p, 'signal', kind, fields);
  const probe = addProbe(p, 'probe', (payload, io) => {
    seen.push({ payload, proc: io.proc });
    return null;
  });
  p.connect(node.output('out'), probe.input('in'));
  return { program: p, seen };
}

const db = testSchema('flowc_signal');
afterAll(() => db.drop());

describe('signal', () => {
  for (const [driver, url] of [
    ['memory', () => `mem://signal-${randomBytes(4).toString('hex')}`],
    ['postgres (changes made by another connection)', () => db.url],
  ] as const) {
    it(`emits {op, id} per change of its topic, each in a new root process: ${driver}`, async () => {
      const storeUrl = url();
      const { program, seen } = watching({ topic: 'specs', store: storeUrl });
      const writer = openStore(storeUrl);
      await running(program, async () => {
        const [a] = await writer.apply('specs', [{ kind: 'nop', name: 'a' }]);
        await writer.apply('values', [{ name: 'ignored', data: 1 }]);
        await writer.apply('specs', [{ kind: 'nop', name: 'a', annotations: { v: '2' } }]);
        await writer.delete('specs', { filters: [{ name: 'a' }] });
        const id = a!.resource.id;
        await expect.poll(() => seen.map((s) => s.payload), { timeout: 3_000 }).toEqual([
          { op: 'store', id },
          { op: 'swap', id },
          { op: 'delete', id },
        ]);
      });
      expect(new Set(seen.map((s) => s.proc)).size).toBe(3);
      expect(seen.every((s) => s.proc.parent === undefined && s.proc.terminated)).toBe(true);
      // Stopped programs hear nothing more.
      await writer.apply('specs', [{ kind: 'nop', name: 'late' }]);
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toHaveLength(3);
      await writer.close();
    });
  }

  it('follows one namespace when asked', async () => {
    const storeUrl = `mem://signal-${randomBytes(4).toString('hex')}`;
    const { program, seen } = watching({ topic: 'values', namespace: 'team', store: storeUrl });
    const writer = openStore(storeUrl);
    await running(program, async () => {
      await writer.apply('values', [{ name: 'x', data: 1 }]);
      const [mine] = await writer.apply('values', [{ name: 'x', namespace: 'team', data: 1 }]);
      await expect.poll(() => seen.map((s) => s.payload)).toEqual([{ op: 'store', id: mine!.resource.id }]);
    });
  });
});
