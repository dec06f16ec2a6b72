import { dirname, isAbsolute, resolve } from 'node:path';
import { loadConfig } from '../../config.ts';
import { Diagnostics } from '../../diagnostics/diagnostic.ts';
import { formatDiagnostics } from '../../diagnostics/render.ts';
import { DEFAULT_STORE } from '@flowc/runtime/store/default';


export interface StoreLocation {
  readonly url: string;
  /** Where the URL came from, for messages: `--store`, `FLOWC_STORE`, a config file, or `default`. */
  readonly from: string;
}

/**
 * Which store to talk to: `--store URL`, else `FLOWC_STORE`, else the `store` key of the config file
 * in the working directory, else the folder `./flows`. A relative folder in a config file is relative
 * to that file.
 */
export async function resolveStore(flag: string | undefined, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<StoreLocation> {
  if (flag) return { url: absoluteFolder(flag, cwd), from: '--store' };
  if (env.FLOWC_STORE) return { url: absoluteFolder(env.FLOWC_STORE, cwd), from: 'FLOWC_STORE' };
  const diagnostics = new Diagnostics();
  const loaded = await loadConfig(cwd, undefined, diagnostics);
  if (diagnostics.hasErrors) throw new Error(`the config file cannot be read:\n${formatDiagnostics(diagnostics.list, new Map())}`);
  if (loaded.file && loaded.config.store !== undefined) return { url: absoluteFolder(loaded.config.store, dirname(loaded.file)), from: loaded.file };
  return { url: absoluteFolder(DEFAULT_STORE, cwd), from: 'default' };
}

/** URLs pass through; folder paths become absolute, so messages and child processes agree on them. */
function absoluteFolder(url: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  if (url.startsWith('file:')) url = url.slice('file:'.length);
  return isAbsolute(url) ? url : resolve(base, url);
}
