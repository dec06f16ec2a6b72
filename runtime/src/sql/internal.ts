import { FlowError } from '../core/packet.ts';
import { acquire } from '../core/resources.ts';
import type { HostServices, Lease } from '../core/services.ts';
import { findIntrospection } from '../introspect/protocol.ts';
import { TABLES, TABLE_NAMES, type Stored, type TableSource } from '../introspect/tables.ts';
import { storeResource } from '../store/open.ts';
import type { Store } from '../store/types.ts';
import type { Database, Row, Transaction } from './driver.ts';
import { plainRow } from './driver.ts';
import type Sqlite from 'better-sqlite3';
import { sqliteConnection, sqliteValue } from './sqlite.ts';

export const READ_ONLY =
  'the internal tables (frames, processes, symbols, specs, values) are read-only: change specs and values through the store (`syscall` with specs.create/update/delete, values.…), which hot-swaps the programs that use them';

export interface InternalOptions {
  /** The namespace whose program the tables show. */
  readonly namespace: string;
  readonly host: HostServices;
  /** The store whose specs and values the tables show; without one, the running program's own. */
  readonly store?: string;
}

/**
 * The `internal` driver: the running program's own state as SQLite virtual tables (better-sqlite3's
 * `db.table()`), read live by every statement. `specs` and `values` come from the store when there is
 * one, read when a statement names them. Statements that would write are refused.
 */
export function openInternal(options: InternalOptions): Database {
  const introspection = findIntrospection(options.namespace);
  if (!introspection) {
    throw new Error(
      `this program records no frames: \`driver: internal\` must be written as a literal in the spec (flowc builds a program that records its frames only when it sees it)`,
    );
  }
  const db = sqliteConnection(':memory:');
  let current: TableSource | undefined;
  for (const name of TABLE_NAMES) {
    const table = TABLES[name];
    db.table(name, {
      columns: [...table.columns],
      *rows() {
        if (current) yield* table.rows(current);
      },
    });
  }
  const json = new Map(TABLE_NAMES.map((name) => [name, new Set(TABLES[name].json)]));
  let store: Promise<Lease<Store>> | undefined;
  const stored = async (text: string): Promise<Stored> => {
    if (!options.store) return {};
    const specs = /\bspecs\b/i.test(text);
    const values = /\bvalues\b/i.test(text);
    if (!specs && !values) return {};
    const lease = await (store ??= acquire(options.host, `store:${options.store}`, storeResource(options.store)));
    const [s, v] = await Promise.all([specs ? lease.value.list('specs') : undefined, values ? lease.value.list('values') : undefined]);
    return { ...(s ? { specs: s } : {}), ...(v ? { values: v } : {}) };
  };

  const query = async (text: string, values: readonly unknown[]): Promise<Row[]> => {
    const statement = prepare(db, text);
    if (!statement.readonly) throw new FlowError(READ_ONLY);
    if (!statement.reader) return [];
    const source: TableSource = { namespace: options.namespace, introspection, stored: await stored(text), secrets: options.host.secrets ?? new Set() };
    // better-sqlite3 runs the statement synchronously: the rows it reads are those of this moment.
    current = source;
    let rows: Row[];
    try {
      rows = statement.all(...values.map(sqliteValue)) as Row[];
    } finally {
      current = undefined;
    }
    const parsed = statement.columns().filter((c) => c.table !== null && c.column !== null && json.get(c.table as (typeof TABLE_NAMES)[number])?.has(c.column));
    for (const row of rows) {
      for (const c of parsed) {
        const cell = row[c.name];
        if (typeof cell === 'string') row[c.name] = JSON.parse(cell) as unknown;
      }
      plainRow(row);
    }
    return rows;
  };

  const transaction: Transaction = { query, commit: () => Promise.resolve(), rollback: () => Promise.resolve() };
  return {
    placeholder: () => '?',
    numbered: false,
    begin: () => Promise.resolve(transaction),
    async close() {
      db.close();
      const lease = store;
      store = undefined;
      await (await lease?.catch(() => undefined))?.release();
    },
  };
}

function prepare(db: Sqlite.Database, text: string): Sqlite.Statement {
  try {
    return db.prepare(text);
  } catch (error) {
    throw new FlowError(`sql: ${(error as Error).message}`);
  }
}
