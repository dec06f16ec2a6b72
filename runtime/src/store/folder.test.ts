import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { folderStore } from './folder.ts';
import { openStore } from './open.ts';
import type { ChangeEvent } from './types.ts';

const dirs: string[] = [];
const fresh = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'flowc-folder-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('folder driver', () => {
  it('keeps one YAML list per namespace and type, which builds on its own', async () => {
    const root = fresh();
    const store = folderStore(root);
    await store.apply('specs', [{ kind: 'nop', name: 'a' }, { kind: 'nop', name: 'b', namespace: 'other' }]);
    await store.apply('values', [{ name: 'v', data: { pw: 's' } }]);
    const specs = parse(readFileSync(join(root, 'default/specs.yaml'), 'utf8')) as Array<Record<string, unknown>>;
    expect(specs).toEqual([{ id: expect.any(String), namespace: 'default', name: 'a', kind: 'nop' }]);
    expect(existsSync(join(root, 'other/specs.yaml'))).toBe(true);
    expect(parse(readFileSync(join(root, 'default/values.yaml'), 'utf8'))).toMatchObject([{ name: 'v', data: { pw: 's' } }]);
    await store.delete('specs', { all: true, namespace: 'other' });
    expect(existsSync(join(root, 'other'))).toBe(false);
  });

  it('hand-written entries without ids get stable ids derived from their names', async () => {
    const root = fresh();
    mkdirSync(join(root, 'default'));
    writeFileSync(join(root, 'default/specs.yaml'), '- kind: nop\n  name: hand\n---\nkind: nop\nname: second\n');
    const one = await openStore(root).list('specs');
    const two = await openStore(`file:${root}`).list('specs');
    expect(one.map((r) => r.name)).toEqual(['hand', 'second']);
    expect(two).toEqual(one);
    // Applying by name keeps that id.
    const [applied] = await openStore(root).apply('specs', [{ kind: 'nop', name: 'hand', annotations: { a: 'b' } }]);
    expect(applied!.resource.id).toBe(one[0]!.id);
  });

  it('reports unreadable files instead of guessing', async () => {
    const root = fresh();
    mkdirSync(join(root, 'default'));
    writeFileSync(join(root, 'default/specs.yaml'), '- kind: nop\n  namespace: elsewhere\n');
    await expect(folderStore(root).list('specs')).rejects.toThrow(/says namespace `elsewhere`/);
    writeFileSync(join(root, 'default/specs.yaml'), '- kind: [\n');
    await expect(folderStore(root).list('specs')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('turns hand edits into change events', async () => {
    const root = fresh();
    const store = folderStore(root);
    const [a] = await store.apply('specs', [{ kind: 'nop', name: 'a' }]);
    const events: ChangeEvent[] = [];
    const watcher = await store.watch((e) => events.push(e));
    const file = join(root, 'default/specs.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('kind: nop', 'kind: print'));
    await expect.poll(() => events, { timeout: 3_000 }).toEqual([{ op: 'swap', kind: 'specs', namespace: 'default', id: a!.resource.id }]);
    await watcher.close();
  });

  it('a lock held by another writer makes writers wait', async () => {
    const root = fresh();
    const store = folderStore(root);
    mkdirSync(join(root, '.flowc.lock'));
    const write = store.apply('specs', [{ kind: 'nop', name: 'late' }]);
    await new Promise((r) => setTimeout(r, 100));
    expect(await folderStore(root).list('specs')).toEqual([]);
    rmSync(join(root, '.flowc.lock'), { recursive: true });
    await write;
    expect((await store.list('specs')).map((r) => r.name)).toEqual(['late']);
  });
});
