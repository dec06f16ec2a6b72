import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_STORE } from '@flowc/runtime/store/open';

export const CONFIG_FILES = ['flowc.config.json', 'flowc.config.mjs', 'flowc.config.js'] as const;

export interface StoreLocation {
  readonly url: string;
  /** Where the URL came from, for messages: `--store`, `FLOWC_STORE`, a config file, or `default`. */
  readonly from: string;
}

/**
 * Which store the CLI talks to: `--store URL`, else `FLOWC_STORE`, else the `store` key of the first
 * `flowc.config.json|mjs|js` in the working directory, else the folder `./flows`. A relative folder in
 * a config file is relative to that file.
 */
export async function resolveStore(flag: string | undefined, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<StoreLocation> {
  if (flag) return { url: absoluteFolder(flag, cwd), from: '--store' };
  if (env.FLOWC_STORE) return { url: absoluteFolder(env.FLOWC_STORE, cwd), from: 'FLOWC_STORE' };
  for (const name of CONFIG_FILES) {
    const file = join(cwd, name);
    if (!existsSync(file)) continue;
    const store = await readStoreKey(file);
    if (store !== undefined) return { url: absoluteFolder(store, dirname(file)), from: name };
  }
  return { url: absoluteFolder(DEFAULT_STORE, cwd), from: 'default' };
}

async function readStoreKey(file: string): Promise<string | undefined> {
  let config: unknown;
  try {
    config = file.endsWith('.json') ? JSON.parse(readFileSync(file, 'utf8')) : ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  const store = (config as { store?: unknown } | undefined)?.store;
  if (store === undefined) return undefined;
  if (typeof store !== 'string' || store === '') throw new Error(`${file}: \`store\` must be a URL or a folder path`);
  return store;
}

/** URLs pass through; folder paths become absolute, so messages and child processes agree on them. */
function absoluteFolder(url: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  if (url.startsWith('file:')) url = url.slice('file:'.length);
  return isAbsolute(url) ? url : resolve(base, url);
}
