import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FSWatcher } from 'chokidar';

const SPEC_FILE = /\.(ya?ml|json)$/i;
const IGNORED = /(^|[/\\])(node_modules|\.git)([/\\]|$)/;

/**
 * Follows what a build read: the input roots (a new spec file in a watched folder counts) and every
 * file the build depends on (values, config, kind modules and their implementations).
 */
export class FileWatcher {
  private watcher: FSWatcher | undefined;
  private readonly watched = new Set<string>();
  private readonly files = new Set<string>();

  constructor(private readonly onChange: (path: string) => void) {}

  /** Starts watching, or adds what a later build newly depends on. */
  async follow(roots: readonly string[], files: readonly string[]): Promise<void> {
    for (const file of files) this.files.add(resolve(file));
    const wanted = [...roots, ...files].map((p) => resolve(p)).filter((p) => !this.watched.has(p));
    if (wanted.length === 0) return;
    for (const p of wanted) this.watched.add(p);
    if (this.watcher) {
      this.watcher.add(wanted);
      return;
    }
    const { watch } = await import('chokidar');
    const watcher = watch(wanted, { ignoreInitial: true, ignored: (path: string) => IGNORED.test(path) });
    this.watcher = watcher;
    watcher.on('all', (_event, path) => {
      const absolute = resolve(path);
      if (SPEC_FILE.test(absolute) || this.files.has(absolute)) this.onChange(absolute);
    });
    await new Promise<void>((done) => watcher.once('ready', () => done()));
  }

  async close(): Promise<void> {
    await this.watcher?.close();
    this.watcher = undefined;
  }
}

/** Files and folders to watch for inputs: each input itself, or for a glob its folder before the first wildcard. */
export function watchRoots(inputs: readonly string[], cwd: string): string[] {
  return inputs.map((input) => {
    const path = resolve(cwd, input);
    if (statSync(path, { throwIfNoEntry: false })) return path;
    const wildcard = path.search(/[*?[{]/);
    return wildcard === -1 ? dirname(path) : dirname(path.slice(0, wildcard) + 'x');
  });
}

/** `mtime:size` of each file, to tell whether anything changed since a build read it. */
export function snapshot(files: Iterable<string>): Map<string, string> {
  const stamps = new Map<string, string>();
  for (const file of files) {
    const stat = statSync(file, { throwIfNoEntry: false });
    stamps.set(file, stat ? `${stat.mtimeMs}:${stat.size}` : 'missing');
  }
  return stamps;
}

/**
 * Stamps for files a build read for the first time: a file last modified before the build started was
 * read as it is now; one modified since may have changed under the build, so its stamp is unknown
 * (`?`) and the next check rebuilds. Without this, every first build was followed by a second.
 */
export function stampsOfUnchanged(files: readonly string[], since: number): Map<string, string> {
  const now = snapshot(files);
  for (const file of files) {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs >= since) now.set(file, '?');
  }
  return now;
}
