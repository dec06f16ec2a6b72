import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { storeSuite } from './store.suite.ts';
import { openStore } from './open.ts';
import { RESOURCE_TYPES, type Store } from './types.ts';
import { testSchema } from './testing.ts';

storeSuite('memory', {
  open: async () => openStore(`mem://suite-${randomBytes(4).toString('hex')}`),
  reopen: (store) => openStore(store.location),
});

const folders: string[] = [];
storeSuite('folder', {
  open: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowc-store-'));
    folders.push(dir);
    return openStore(join(dir, 'flows'));
  },
  reopen: (store) => openStore(store.location),
  cleanup: async () => folders.forEach((d) => rmSync(d, { recursive: true, force: true })),
});

const pg = testSchema('flowc_suite');
storeSuite('postgres', {
  open: async () => {
    const store = openStore(pg.url);
    await clear(store);
    return store;
  },
  reopen: () => openStore(pg.url),
  cleanup: () => pg.drop(),
});

async function clear(store: Store): Promise<void> {
  for (const type of RESOURCE_TYPES) await store.delete(type, { all: true });
}
