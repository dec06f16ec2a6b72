import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './open.ts';
import { MIGRATIONS } from './migrations.ts';
import { testSchema } from './testing.ts';
import type { ChangeEvent } from './types.ts';

const db = testSchema('flowc_pg');
afterAll(() => db.drop());

describe('postgres driver', () => {
  it('creates its tables by a versioned migration on first use, once', async () => {
    const [a, b] = [openStore(db.url), openStore(db.url)];
    // Two first uses at once: the migration lock makes one wait for the other.
    await Promise.all([a.list('specs'), b.list('values')]);
    const { rows } = await db.sql(`SELECT version, name FROM "${db.schema}".flowc_migrations ORDER BY version`);
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    const tables = await db.sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [db.schema]);
    expect(tables.rows.map((r: { table_name: string }) => r.table_name)).toEqual(['flowc_charts', 'flowc_instances', 'flowc_migrations', 'flowc_specs', 'flowc_values']);
    await Promise.all([a.close(), b.close()]);
  });

  it('stores JSONB documents with id, namespace and name columns', async () => {
    const store = openStore(db.url);
    const [v] = await store.apply('values', [{ name: 'db', data: { pw: 's', n: 1 } }]);
    const { rows } = await db.sql(`SELECT id, namespace, name, doc, jsonb_typeof(doc) AS t FROM "${db.schema}".flowc_values`);
    expect(rows).toEqual([{ id: v!.resource.id, namespace: 'default', name: 'db', doc: v!.resource, t: 'object' }]);
    await store.close();
  });

  it('is connected while its LISTEN connection is up, not while it reconnects; events say when they were committed', async () => {
    const store = openStore(db.url);
    expect(store.connected).toBe(false);
    const times: number[] = [];
    const watcher = await store.watch((_e, at) => times.push(at), { type: 'specs' });
    expect(store.connected).toBe(true);
    const before = Date.now();
    await store.apply('specs', [{ kind: 'nop', name: 'timed' }]);
    await expect.poll(() => times.length, { timeout: 3_000 }).toBe(1);
    // The database's clock and this one agree to well within a second here (one machine).
    expect(Math.abs(times[0]! - before)).toBeLessThan(1_000);
    await db.sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [`flowc-listen:${db.schema}`]);
    await expect.poll(() => store.connected, { timeout: 3_000, interval: 10 }).toBe(false);
    await expect.poll(() => store.connected, { timeout: 5_000 }).toBe(true);
    await watcher.close();
    await store.close();
  });

  it('changes made by any client (here: plain SQL) reach watchers through LISTEN/NOTIFY', async () => {
    const store = openStore(db.url);
    const events: ChangeEvent[] = [];
    const watcher = await store.watch((e) => events.push(e), { type: 'specs' });
    await db.sql(`INSERT INTO "${db.schema}".flowc_specs (id, namespace, name, doc) VALUES ('raw-1', 'sql', 'x', '{"id":"raw-1","namespace":"sql","name":"x","kind":"nop"}')`);
    await db.sql(`DELETE FROM "${db.schema}".flowc_specs WHERE id = 'raw-1'`);
    await expect.poll(() => events, { timeout: 3_000 }).toEqual([
      { op: 'store', kind: 'specs', namespace: 'sql', id: 'raw-1' },
      { op: 'delete', kind: 'specs', namespace: 'sql', id: 'raw-1' },
    ]);
    await watcher.close();
    await store.close();
  });

  it('the LISTEN connection comes back after the server drops it', async () => {
    const store = openStore(db.url);
    const events: ChangeEvent[] = [];
    const watcher = await store.watch((e) => events.push(e));
    const killed = await db.sql('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`flowc-listen:${db.schema}`]);
    expect(killed.rowCount).toBe(1);
    // Changes made while it reconnects are not replayed: keep writing until one is heard.
    await expect
      .poll(
        async () => {
          await store.apply('values', [{ name: `after-${Date.now()}`, data: 1 }]);
          return events.length;
        },
        { timeout: 5_000, interval: 200 },
      )
      .toBeGreaterThan(0);
    await watcher.close();
    await store.close();
  });

  it('an unreachable server is a clear UNAVAILABLE error', async () => {
    const store = openStore('postgres://postgres@127.0.0.1:1/test?schema=nowhere');
    await expect(store.list('specs')).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/cannot reach PostgreSQL at postgres:\/\/127\.0\.0\.1:1\/test\?schema=nowhere/) });
    await store.close();
  });

  it('refuses schema names that are not plain identifiers', () => {
    expect(() => openStore(`${db.url.split('?')[0]}?schema=x";drop`)).toThrow(/schema/);
  });
});
