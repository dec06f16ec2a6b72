import { fileURLToPath } from 'node:url';
import { folderStore } from './folder.ts';
import { memoryStore } from './memory.ts';
import { postgresStore } from './postgres.ts';
import type { ResourceSpec } from '../core/services.ts';
import { StoreError, type Store } from './types.ts';

export { DEFAULT_STORE } from './default.ts';

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
  // `postgress://…` or `mysql://…` must not quietly become a local folder of that name.
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1];
  if (scheme !== undefined) {
    throw new StoreError('UNAVAILABLE', `unsupported store URL \`${scheme}://…\`: a store is postgres://… (or postgresql://…), mem://…, file://… or a folder path`);
  }
  return folderStore(url);
}

/**
 * A store as a resource the host shares (core/resources.ts): every `signal` and `syscall` of a program,
 * and of the next version during a hot swap, that names the same URL uses one store (one pool).
 */
export function storeResource(url: string): ResourceSpec<Store> {
  return { open: () => openStore(url), close: (store) => store.close() };
}
