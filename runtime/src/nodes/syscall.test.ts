import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import { FlowError } from '../core/packet.ts';
import { openStore } from '../store/open.ts';
import { addNode, running, testProgram } from '../testing/graph.ts';
import syscall, { OPCODES } from './syscall.ts';

const kind = syscall as Kind<never>;

/** One syscall node per opcode used, all on one named memory store. */
function program(url: string, opcodes: readonly string[]) {
  const p = testProgram();
  for (const opcode of opcodes) addNode(p, opcode, kind, { opcode, store: url });
  return p;
}

const errorOf = (answer: unknown): { message: string; code: unknown } => {
  expect(answer).toBeInstanceOf(FlowError);
  return { message: (answer as FlowError).message, code: ((answer as FlowError).data as { code?: unknown }).code };
};

describe('syscall', () => {
  it('registers <type>.<create|read|update|delete> for specs, values and charts', () => {
    expect(OPCODES).toHaveLength(12);
    expect(OPCODES).toContain('values.update');
  });

  it('create → read → update → delete on the store', async () => {
    const url = `mem://syscall-${randomBytes(4).toString('hex')}`;
    await running(program(url, ['specs.create', 'specs.read', 'specs.update', 'specs.delete']), async (run) => {
      const created = (await run.send('specs.create', 'in', [{ kind: 'nop', name: 'a' }, { kind: 'nop', name: 'b' }])) as Array<{ id: string }>;
      expect(created).toHaveLength(2);
      expect(await run.send('specs.read', 'in', null)).toHaveLength(2);
      expect(await run.send('specs.read', 'in', {})).toHaveLength(2);
      expect(await run.send('specs.read', 'in', { name: 'a' })).toEqual([created[0]]);
      expect(await run.send('specs.read', 'in', [{ name: 'a' }, { id: created[1]!.id }])).toEqual(created);
      const [patched] = (await run.send('specs.update', 'in', { id: created[0]!.id, extra: 1 })) as Array<Record<string, unknown>>;
      expect(patched).toEqual({ ...created[0], extra: 1 });
      expect(await run.send('specs.delete', 'in', { name: 'b' })).toEqual([created[1]]);
      expect(await openStore(url).list('specs')).toEqual([patched]);
    });
  });

  it('store errors become error payloads with data.code', async () => {
    const url = `mem://syscall-${randomBytes(4).toString('hex')}`;
    await running(program(url, ['specs.create', 'specs.update', 'specs.delete', 'values.read']), async (run) => {
      await run.send('specs.create', 'in', { kind: 'nop', name: 'a' });
      expect(errorOf(await run.send('specs.create', 'in', { kind: 'nop', name: 'a' }))).toEqual({ code: 'DUPLICATE', message: expect.stringMatching(/duplicated key/) });
      expect(errorOf(await run.send('specs.create', 'in', { name: 'x' })).code).toBe('INVALID');
      expect(errorOf(await run.send('specs.create', 'in', null)).code).toBe('INVALID');
      expect(errorOf(await run.send('specs.create', 'in', ['x'])).code).toBe('INVALID');
      expect(errorOf(await run.send('specs.update', 'in', { id: 'nope', a: 1 })).code).toBe('NOT_FOUND');
      expect(errorOf(await run.send('specs.delete', 'in', null)).code).toBe('REFUSED');
      expect(errorOf(await run.send('specs.delete', 'in', { namespace: 'default' })).code).toBe('REFUSED');
      expect(errorOf(await run.send('values.read', 'in', { name: 3 })).code).toBe('INVALID');
    });
  });

  it('finds its store in FLOWC_STORE when the node names none', async () => {
    const url = `mem://syscall-${randomBytes(4).toString('hex')}`;
    const saved = process.env.FLOWC_STORE;
    process.env.FLOWC_STORE = url;
    try {
      const p = testProgram();
      addNode(p, 'create', kind, { opcode: 'values.create' });
      await running(p, async (run) => {
        await run.send('create', 'in', { name: 'v', data: 1 });
      });
    } finally {
      if (saved === undefined) delete process.env.FLOWC_STORE;
      else process.env.FLOWC_STORE = saved;
    }
    expect(await openStore(url).list('values')).toMatchObject([{ name: 'v', data: 1 }]);
  });
});
