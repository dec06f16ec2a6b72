import { fileURLToPath } from 'node:url';
import { folderStore } from './folder.ts';
import { memoryStore } from './memory.ts';
import { postgresStore } from './postgres.ts';
import type { Store } from './types.ts';

/** Where a store lives when nothing says otherwise: the folder driver on `./flows`. */
export const DEFAULT_STORE = './flows';

/**
 * Opens a store from a URL:
 * - `mem://` a fresh in-memory store; `mem://name` one shared by every open of that name in the process;
 * - `postgres://…` or `postgresql://…` PostgreSQL (`?schema=name`, default `public`);
 * - `file:///abs/path`, `file:rel/path` or a plain path: a folder of YAML files.
 */
export function openStore(url: string): Store {
  if (/^mem(ory)?:\/\//.test(url)) return memoryStore(url.replace(/^mem(ory)?:\/\//, '') || undefined);
  if (/^postgres(ql)?:\/\//.test(url)) return postgresStore(url);
  if (url.startsWith('file://')) return folderStore(fileURLToPath(url));
  if (url.startsWith('file:')) return folderStore(url.slice('file:'.length));
  return folderStore(url);
}

interface Shared {
  readonly store: Store;
  users: number;
}

const shared = new Map<string, Shared>();

/**
 * A store shared by the nodes of one process (a signal and several syscalls use one connection pool).
 * Each acquire must be paired with a release; the last release closes the store.
 */
export function acquireStore(url: string): Store {
  let entry = shared.get(url);
  if (!entry) shared.set(url, (entry = { store: openStore(url), users: 0 }));
  entry.users++;
  return entry.store;
}

export async function releaseStore(url: string): Promise<void> {
  const entry = shared.get(url);
  if (!entry || --entry.users > 0) return;
  shared.delete(url);
  await entry.store.close();
}
