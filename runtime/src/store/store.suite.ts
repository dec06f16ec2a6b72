// One behavioural suite for every store driver: memory, folder and PostgreSQL must agree.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError, type ChangeEvent, type Resource, type Store, type StoreErrorCode } from './types.ts';

export interface DriverFixture {
  /** A fresh, empty store for one test. */
  open(): Promise<Store>;
  /** A second handle on the same data (another connection, another process's view). */
  reopen(store: Store): Store;
  /** Runs once after every test of the driver. */
  cleanup?(): Promise<void>;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function rejects(promise: Promise<unknown>, code: StoreErrorCode, text?: RegExp): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a StoreError ${code}`).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe(code);
  if (text) expect((error as StoreError).message).toMatch(text);
  return error as StoreError;
}

/** Collects events until `count` have arrived (or fails after a while). */
function collect(store: Store, options?: Parameters<Store['watch']>[1]): Promise<{ events: ChangeEvent[]; until(count: number): Promise<ChangeEvent[]>; close(): Promise<void> }> {
  const events: ChangeEvent[] = [];
  const waiters: Array<() => void> = [];
  return store
    .watch((e) => {
      events.push(e);
      waiters.forEach((w) => w());
    }, options)
    .then((watcher) => ({
      events,
      close: () => watcher.close(),
      until: (count: number) =>
        new Promise<ChangeEvent[]>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`got ${events.length} event(s), wanted ${count}: ${JSON.stringify(events)}`)), 5_000);
          const check = (): void => {
            if (events.length >= count) {
              clearTimeout(timer);
              resolve(events.slice(0, count));
            }
          };
          waiters.push(check);
          check();
        }),
    }));
}

const snippet = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ kind: 'snippet', name, language: 'text', code: name, ...extra });

export function storeSuite(driver: string, fixture: DriverFixture): void {
  describe(`store driver: ${driver}`, () => {
    let store: Store;
    const others: Store[] = [];
    const second = (): Store => {
      const s = fixture.reopen(store);
      others.push(s);
      return s;
    };

    beforeEach(async () => {
      store = await fixture.open();
    });
    afterEach(async () => {
      await Promise.all(others.splice(0).map((s) => s.close()));
      await store.close();
    });
    afterAll(async () => {
      await fixture.cleanup?.();
    });

    it('apply → list/get round trip: ids are UUID v7, the namespace defaults to `default`', async () => {
      const applied = await store.apply('specs', [snippet('a'), snippet('b', { namespace: 'other', annotations: { owner: 'me' } })]);
      expect(applied.map((a) => a.op)).toEqual(['store', 'store']);
      const [a, b] = applied.map((x) => x.resource) as [Resource, Resource];
      expect(a.id).toMatch(UUID_V7);
      expect(a.namespace).toBe('default');
      expect(b.namespace).toBe('other');
      expect(Object.keys(a).slice(0, 4)).toEqual(['id', 'namespace', 'name', 'kind']);
      expect(await store.get('specs', a.id)).toEqual(a);
      expect(await store.get('specs', 'no-such-id')).toBeUndefined();
      expect(await store.list('specs')).toEqual([a, b]);
      expect(await store.list('specs', { namespace: 'other' })).toEqual([b]);
      expect(await store.list('specs', [{ name: 'a' }, { name: 'b' }])).toEqual([a, b]);
      expect(await store.list('specs', { name: 'none' })).toEqual([]);
      expect(await second().list('specs')).toEqual([a, b]);
      // Types are separate tables.
      expect(await store.list('values')).toEqual([]);
    });

    it('apply upserts by id, else by (namespace, name); an identical entry is `unchanged`', async () => {
      const [first] = await store.apply('specs', [snippet('a')]);
      const byName = await store.apply('specs', [snippet('a', { code: 'changed' })]);
      expect(byName[0]!.op).toBe('swap');
      expect(byName[0]!.resource.id).toBe(first!.resource.id);
      const byId = await store.apply('specs', [{ id: first!.resource.id, kind: 'snippet', name: 'renamed', language: 'text', code: 'x' }]);
      expect(byId[0]!.op).toBe('swap');
      expect((await store.list('specs')).map((r) => r.name)).toEqual(['renamed']);
      const again = await store.apply('specs', [{ id: first!.resource.id, kind: 'snippet', name: 'renamed', language: 'text', code: 'x' }]);
      expect(again[0]!.op).toBe('unchanged');
      // Unnamed entries without an id are new resources, never "whatever is in the namespace" (§9.21).
      const unnamed = await store.apply('specs', [{ kind: 'nop' }, { kind: 'nop' }]);
      expect(unnamed.map((u) => u.op)).toEqual(['store', 'store']);
      expect(await store.list('specs')).toHaveLength(3);
      // A given id that does not exist yet is used as is.
      const chosen = await store.apply('values', [{ id: 'my-id', name: 'v', data: 1 }]);
      expect(chosen[0]!.resource.id).toBe('my-id');
    });

    it('two entries with the same name in one batch are an error, and nothing is written (§9.21)', async () => {
      await rejects(store.apply('specs', [snippet('ok'), snippet('dup'), snippet('dup')]), 'DUPLICATE', /`dup` appears twice in the batch \(entries 2 and 3/);
      await rejects(store.apply('specs', [{ id: 'x', kind: 'nop' }, { id: 'x', kind: 'nop' }]), 'DUPLICATE', /same id/);
      expect(await store.list('specs')).toEqual([]);
    });

    it('a batch with one invalid entry writes nothing', async () => {
      await store.apply('specs', [snippet('keep')]);
      const before = await store.list('specs');
      await rejects(store.apply('specs', [snippet('keep', { code: 'changed' }), { name: 'nokind' }]), 'INVALID', /entry 2 .*needs a `kind`/);
      await rejects(store.apply('specs', [snippet('x', { namespace: 'bad/ns' })]), 'INVALID', /namespace/);
      await rejects(store.apply('specs', [snippet('x', { when: new Date() })]), 'INVALID', /only JSON data/);
      await rejects(store.apply('specs', ['not a map' as unknown as Record<string, unknown>]), 'INVALID');
      await rejects(store.apply('charts', [{ name: 'c' }]), 'INVALID', /specs/);
      await rejects(store.apply('charts', [{ specs: [{ kind: 'nop' }] }]), 'INVALID', /name/);
      await rejects(store.apply('values', [{ name: 'v' }]), 'INVALID', /data/);
      // Values are {id, namespace, name, annotations, data}: nothing that could pass for a spec or a chart.
      await rejects(store.apply('values', [{ name: 'v', data: 1, kind: 'nop' }]), 'INVALID', /remove `kind`/);
      // A redacted listing written back would replace the secret with its mask.
      await rejects(store.apply('values', [{ name: 'v', data: '***' }]), 'INVALID', /mask/);
      expect(await store.list('specs')).toEqual(before);
      expect(await store.list('charts')).toEqual([]);
    });

    it('values may hold "", 0 and false (§9.25); charts keep their inner specs', async () => {
      const values = await store.apply('values', [
        { name: 'empty', data: '' },
        { name: 'zero', data: 0 },
        { name: 'no', data: false },
        { name: 'map', data: { pw: 's', nested: [1, 2.5, null] } },
      ]);
      expect(values.map((v) => v.resource.data)).toEqual(['', 0, false, { pw: 's', nested: [1, 2.5, null] }]);
      const [chart] = await store.apply('charts', [{ name: 'c1', specs: [{ kind: 'nop' }], inbounds: { in: [{ name: 'x', port: 'in' }] } }]);
      expect(await store.get('charts', chart!.resource.id)).toEqual(chart!.resource);
    });

    it('mode create refuses existing names and ids (duplicated key)', async () => {
      const [a] = await store.apply('specs', [snippet('a')], { mode: 'create' });
      await rejects(store.apply('specs', [snippet('new'), snippet('a')], { mode: 'create' }), 'DUPLICATE', /duplicated key: `a` already exists/);
      await rejects(store.apply('specs', [{ id: a!.resource.id, kind: 'nop' }], { mode: 'create' }), 'DUPLICATE', /already exists/);
      expect((await store.list('specs')).map((r) => r.name)).toEqual(['a']);
      // The same name in another namespace is another resource.
      await store.apply('specs', [snippet('a', { namespace: 'other' })], { mode: 'create' });
    });

    it('mode patch merges into the stored resource (§9.15), by id or by name', async () => {
      const [a] = await store.apply('specs', [snippet('a', { annotations: { k: 'v' } })]);
      const id = a!.resource.id;
      const [patched] = await store.apply('specs', [{ id, code: 'bye', extra: 'x', annotations: null }], { mode: 'patch' });
      expect(patched!.op).toBe('swap');
      expect(patched!.resource).toEqual({ id, namespace: 'default', name: 'a', kind: 'snippet', code: 'bye', extra: 'x', language: 'text' });
      expect(await store.get('specs', id)).toEqual(patched!.resource);
      const [byName] = await store.apply('specs', [{ name: 'a', code: 'again' }], { mode: 'patch' });
      expect(byName!.resource.code).toBe('again');
      await rejects(store.apply('specs', [{ code: 'x' }], { mode: 'patch' }), 'INVALID', /needs an `id` or a `name`/);
      await rejects(store.apply('specs', [{ id: 'nope', code: 'x' }], { mode: 'patch' }), 'NOT_FOUND');
      await rejects(store.apply('specs', [{ id, kind: null }], { mode: 'patch' }), 'INVALID', /kind/);
      expect((await store.get('specs', id))!.code).toBe('again');
    });

    it('a name taken by another resource cannot be claimed through an id', async () => {
      const [a, b] = await store.apply('specs', [snippet('a'), snippet('b')]);
      await rejects(store.apply('specs', [{ id: b!.resource.id, kind: 'nop', name: 'a' }]), 'DUPLICATE', /`a` already exists in namespace `default`/);
      // Swapping two names in one batch is fine.
      await store.apply('specs', [
        { id: a!.resource.id, kind: 'nop', name: 'b' },
        { id: b!.resource.id, kind: 'nop', name: 'a' },
      ]);
      expect((await store.get('specs', a!.resource.id))!.name).toBe('b');
    });

    it('delete needs a filter naming an id or a name, or all (§9.17)', async () => {
      const applied = await store.apply('specs', [snippet('a'), snippet('b'), snippet('c', { namespace: 'other' }), snippet('a', { namespace: 'other' })]);
      await rejects(store.delete('specs', { filters: [] }), 'REFUSED');
      await rejects(store.delete('specs', { filters: [{ namespace: 'default' }] }), 'REFUSED', /would match all of namespace `default`/);
      await rejects(store.delete('specs', { filters: [{}] }), 'REFUSED', /everything/);
      expect(await store.list('specs')).toHaveLength(4);

      const byName = await store.delete('specs', { filters: [{ namespace: 'default', name: 'a' }] });
      expect(byName.map((r) => [r.namespace, r.name])).toEqual([['default', 'a']]);
      const byId = await store.delete('specs', { filters: [{ id: applied[1]!.resource.id }] });
      expect(byId.map((r) => r.name)).toEqual(['b']);
      expect(await store.delete('specs', { filters: [{ name: 'nothing' }] })).toEqual([]);
      const ns = await store.delete('specs', { all: true, namespace: 'other' });
      expect(ns.map((r) => r.name)).toEqual(['a', 'c']);
      await store.apply('specs', [snippet('x'), snippet('y', { namespace: 'z' })]);
      expect(await store.delete('specs', { all: true })).toHaveLength(2);
      expect(await store.list('specs')).toEqual([]);
    });

    it('a check sees the proposed namespace contents; rejecting leaves the store as it was', async () => {
      await store.apply('specs', [snippet('a'), snippet('b'), snippet('z', { namespace: 'elsewhere' })]);
      const before = await store.list('specs');
      let seen: string[] = [];
      await rejects(
        store.apply('specs', [snippet('a', { code: 'new' }), snippet('c')], {
          check: (p) => {
            expect([...p.namespaces.keys()]).toEqual(['default']);
            seen = p.namespaces.get('default')!.map((r) => `${r.name}:${String(r.code)}`);
            throw new StoreError('REJECTED', 'no');
          },
        }),
        'REJECTED',
      );
      expect(seen).toEqual(['a:new', 'b:b', 'c:c']);
      await rejects(
        store.delete('specs', {
          filters: [{ name: 'b' }],
          check: (p) => {
            expect(p.deleted.map((r) => r.name)).toEqual(['b']);
            expect(p.namespaces.get('default')!.map((r) => r.name)).toEqual(['a']);
            throw new StoreError('REJECTED', 'no');
          },
        }),
        'REJECTED',
      );
      expect(await store.list('specs')).toEqual(before);
    });

    it('watchers receive {op, kind, namespace, id} for every committed change', async () => {
      const local = await collect(store);
      const onlyOther = await collect(store, { namespace: 'other' });
      const [a] = await store.apply('specs', [snippet('a')]);
      const id = a!.resource.id;
      await store.apply('specs', [snippet('a', { code: 'changed' })]);
      await store.apply('specs', [snippet('a', { code: 'changed' })]); // unchanged: no event
      await store.apply('values', [{ name: 'v', namespace: 'other', data: 1 }]);
      await store.delete('specs', { filters: [{ id }] });
      const all = await local.until(4);
      expect(all.filter((e) => e.kind === 'specs')).toEqual([
        { op: 'store', kind: 'specs', namespace: 'default', id },
        { op: 'swap', kind: 'specs', namespace: 'default', id },
        { op: 'delete', kind: 'specs', namespace: 'default', id },
      ]);
      expect(all.filter((e) => e.kind === 'values')).toMatchObject([{ op: 'store', namespace: 'other' }]);
      expect(await onlyOther.until(1)).toMatchObject([{ kind: 'values', namespace: 'other' }]);
      // A rejected batch emits nothing.
      await rejects(store.apply('specs', [snippet('d'), snippet('d')]), 'DUPLICATE');
      await local.close();
      await store.apply('specs', [snippet('after-close')]);
      await new Promise((r) => setTimeout(r, 50));
      expect(local.events).toHaveLength(4);
    });

    it('a second handle (another connection or process) hears the changes', async () => {
      const remote = await collect(second(), { type: 'specs' });
      // One change at a time: the folder driver reports the net change of each file scan.
      const [a] = await store.apply('specs', [snippet('a')]);
      const id = a!.resource.id;
      expect(await remote.until(1)).toEqual([{ op: 'store', kind: 'specs', namespace: 'default', id }]);
      await store.apply('values', [{ name: 'v', data: 1 }]);
      await store.apply('specs', [snippet('a', { code: 'changed' })]);
      expect((await remote.until(2))[1]).toEqual({ op: 'swap', kind: 'specs', namespace: 'default', id });
      await store.delete('specs', { filters: [{ id }] });
      expect((await remote.until(3))[2]).toEqual({ op: 'delete', kind: 'specs', namespace: 'default', id });
      expect(remote.events).toHaveLength(3);
    });

    it('instances report what they serve; another handle lists them; removal forgets them', async () => {
      const base = { state: 'serving' as const, host: 'h', pid: 1, startedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
      await store.reportInstance({ ...base, id: 'b', namespace: 'shop', hash: 'h1' });
      await store.reportInstance({ ...base, id: 'a', namespace: 'shop', hash: 'h1' });
      await store.reportInstance({ ...base, id: 'c', namespace: 'other', hash: 'h9' });
      await store.reportInstance({ ...base, id: 'a', namespace: 'shop', hash: 'h2' });
      expect((await second().instances('shop')).map((i) => [i.id, i.hash])).toEqual([['a', 'h2'], ['b', 'h1']]);
      expect(await store.instances()).toHaveLength(3);
      await store.removeInstance('a');
      expect((await store.instances('shop')).map((i) => i.id)).toEqual(['b']);
    });

    it('concurrent creates of one name through two handles: exactly one wins', async () => {
      const other = second();
      const results = await Promise.allSettled([
        store.apply('specs', [snippet('race', { code: '1' })], { mode: 'create' }),
        other.apply('specs', [snippet('race', { code: '2' })], { mode: 'create' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect((failure.reason as StoreError).code).toBe('DUPLICATE');
      expect(await store.list('specs', { name: 'race' })).toHaveLength(1);
    });
  });
}
