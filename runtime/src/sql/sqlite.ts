import Sqlite from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, Row, Transaction } from './driver.ts';
import { plainRow } from './driver.ts';
import { isolationName } from '../core/sql-isolation.ts';

const ADDON = 'better_sqlite3.node';

const PLACEHOLDER = (): string => '?';

/**
 * better-sqlite3's native addon cannot live inside a one-file bundle, so it is found when the program
 * starts: FLOWC_SQLITE_ADDON (a path to the .node file), a `better_sqlite3.node` beside the bundle, or a
 * `better-sqlite3` package installed where the bundle or the working directory can resolve it.
 */
export function findSqliteAddon(): { path: string } | { problem: string } {
  const here = import.meta.url as string | undefined;
  const candidates: string[] = [];
  if (process.env.FLOWC_SQLITE_ADDON) candidates.push(process.env.FLOWC_SQLITE_ADDON);
  if (here?.startsWith('file:')) candidates.push(join(dirname(fileURLToPath(here)), ADDON));
  for (const base of [here?.startsWith('file:') ? here : undefined, join(process.cwd(), 'noop.js')]) {
    if (!base) continue;
    try {
      const pkg = createRequire(base).resolve('better-sqlite3/package.json');
      candidates.push(join(dirname(pkg), 'build', 'Release', ADDON));
    } catch {
      // not installed there
    }
  }
  const found = candidates.find((path) => existsSync(path));
  if (found) return { path: found };
  return {
    problem:
      'SQLite needs the native addon of better-sqlite3@12, which a bundle cannot contain: install it where the program runs ' +
      '(`npm i better-sqlite3@12`), put `better_sqlite3.node` beside the bundle, or set FLOWC_SQLITE_ADDON=/path/to/better_sqlite3.node' +
      (process.env.FLOWC_SQLITE_ADDON ? ` (FLOWC_SQLITE_ADDON=${process.env.FLOWC_SQLITE_ADDON} does not exist)` : ''),
  };
}

/** A better-sqlite3 connection, its native addon found as `findSqliteAddon` says. */
export function sqliteConnection(filename: string): Sqlite.Database {
  const addon = findSqliteAddon();
  if ('problem' in addon) throw new Error(addon.problem);
  const nativeBinding = createRequire(import.meta.url ?? join(process.cwd(), 'noop.js'))(addon.path) as object;
  // The typings only allow a path, but better-sqlite3 also takes the loaded addon (which keeps require() out of the bundle).
  return new Sqlite(filename, { nativeBinding: nativeBinding as unknown as string });
}

/** `file::memory:?cache=shared`, `file:data.db`, `data.db`, `:memory:` → a better-sqlite3 filename. */
export function sqliteFilename(source: string): string {
  if (!source.startsWith('file:')) return source;
  const path = source.slice(5).split('?')[0]!;
  return path === '' || path === ':memory:' ? ':memory:' : path;
}

/**
 * One connection per database file. SQLite runs one transaction per connection at a time, so the
 * transactions of concurrent processes take turns (first come, first served).
 */
export function openSqlite(source: string, isolation: number): Database {
  isolationName('sqlite', isolation);
  const db = sqliteConnection(sqliteFilename(source));
  let turn: Promise<void> = Promise.resolve();
  return {
    placeholder: PLACEHOLDER,
    numbered: false,
    async begin(): Promise<Transaction> {
      let release!: () => void;
      const previous = turn;
      turn = new Promise((resolve) => (release = resolve));
      await previous;
      try {
        db.exec('BEGIN');
      } catch (error) {
        release();
        throw error;
      }
      let done = false;
      const end = (command: 'COMMIT' | 'ROLLBACK'): Promise<void> => {
        if (done) return Promise.resolve();
        done = true;
        try {
          if (db.inTransaction) db.exec(command);
          return Promise.resolve();
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          return Promise.reject(error as Error);
        } finally {
          release();
        }
      };
      return {
        query(text, values) {
          try {
            const statement = db.prepare(text);
            const args = values.map(sqliteValue);
            const rows = statement.reader ? (statement.all(...args) as Row[]).map(plainRow) : (statement.run(...args), []);
            return Promise.resolve(rows);
          } catch (error) {
            return Promise.reject(error as Error);
          }
        },
        commit: () => end('COMMIT'),
        rollback: () => end('ROLLBACK'),
      };
    },
    close: async () => {
      await turn;
      db.close();
    },
  };
}

/** A payload value as a SQLite parameter. */
export function sqliteValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}
