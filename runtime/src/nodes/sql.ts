import { implement } from '../core/kind.ts';
import { FlowError } from '../core/packet.ts';
import type { Process } from '../core/process.ts';
import { acquire } from '../core/resources.ts';
import type { Lease } from '../core/services.ts';
import { exchangeOf } from '../http/exchange.ts';
import type { Database, Row, Transaction } from '../sql/driver.ts';
import { FAMILY_LABEL, familyOf, isolationName, type DatabaseFamily } from '../core/sql-isolation.ts';
import { openMysql } from '../sql/mysql.ts';
import { openPostgres, postgresValue } from '../sql/postgres.ts';
import { openSqlite } from '../sql/sqlite.ts';
import { parseStatement } from '../sql/statement.ts';
import definition from '../kinds/sql.ts';

type Opener = (source: string, isolation: number) => Database | Promise<Database>;

/** How each database is opened, and how a payload value becomes one of its parameters. */
const DRIVERS: Record<Exclude<DatabaseFamily, 'internal'>, { open: Opener; value(v: unknown): unknown }> = {
  postgres: { open: openPostgres, value: postgresValue },
  // mysql.ts converts values itself (prepared statements take Buffers and JSON text).
  mysql: { open: openMysql, value: (v) => v },
  sqlite: { open: openSqlite, value: (v) => v },
};

/** `internal`: the program's own tables, one private connection per node (they mask this program's secrets). */
const INTERNAL = { value: (v: unknown): unknown => v };

/**
 * Runs SQL: the payload is `"SQL"` or `["SQL", args]` with `:name` parameters (args a map, or a list of
 * maps to run the statement once per map) or `?` ones (args a list). Answers with the rows as a list
 * of maps. All statements of one process share one transaction, committed when the process ends well
 * and rolled back when it ends with an error (for a request: before its response is written, and on
 * any status ≥ 400).
 */
export default implement(definition, {
  create({ name, namespace, fields, out, host }) {
    const output = out('out');
    const error = out('error');
    const isolation = fields.isolation ?? 0;
    const family = familyOf(fields.driver);
    if (!family) throw new Error(`unknown driver ${JSON.stringify(fields.driver)}`);
    isolationName(family, isolation);
    const driver = family === 'internal' ? INTERNAL : DRIVERS[family];
    let lease: Lease<Database> | undefined;

    const run = async (payload: unknown, proc: Process): Promise<Row[]> => {
      const database = lease?.value;
      if (!database) throw new FlowError(`sql \`${name}\` is not connected`);
      const [text, args] = request(payload);
      const statement = parseStatement(text, database.placeholder);
      // An aborted process (its client left) starts no statement, and a running one is cancelled.
      proc.throwIfAborted();
      const tx = await transaction(database, proc);
      const signal = proc.signal;
      const value = driver.value;
      if (statement.names) {
        const names = database.numbered ? statement.names : statement.occurrences;
        const maps = Array.isArray(args) ? args : [args];
        const rows: Row[] = [];
        for (const map of maps) {
          if (map === null || typeof map !== 'object' || Array.isArray(map)) throw new FlowError('SQL with :name parameters takes a map of values (or a list of maps)');
          const values = names.map((n) => {
            if (!Object.hasOwn(map, n)) throw new FlowError(`missing value for parameter :${n}`);
            return value((map as Record<string, unknown>)[n]);
          });
          proc.throwIfAborted();
          rows.push(...(await tx.query(statement.text, values, signal)));
        }
        return rows;
      }
      const values = args === undefined ? [] : Array.isArray(args) ? args : [args];
      if (values.length !== statement.positional) throw new FlowError(`the SQL has ${statement.positional} ? parameter(s), got ${values.length} value(s)`);
      proc.throwIfAborted();
      return tx.query(statement.positional > 0 ? statement.text : text, values.map(value), signal);
    };

    return {
      inputs: {
        in(payload, proc) {
          return run(payload, proc).then(
            (rows) => output.send(rows, proc),
            (problem: unknown) => error.send(problem instanceof FlowError ? problem : new FlowError(`sql: ${(problem as Error).message ?? String(problem)}`, { cause: problem }), proc),
          );
        },
      },
      async load() {
        try {
          if (family === 'internal') {
            const { openInternal } = await import('../sql/internal.ts');
            const store = fields.source ?? (process.env.FLOWC_STORE || undefined);
            const database = openInternal({ namespace, host, ...(store ? { store } : {}) });
            lease = { value: database, release: () => database.close() };
            return;
          }
          const source = fields.source;
          if (source === undefined) throw new Error('`source` is required');
          const open = DRIVERS[family].open;
          lease = await acquire(host, `sql:${family}:${isolation}:${source}`, { open: () => open(source, isolation), close: (db) => db.close() });
        } catch (problem) {
          throw new Error(`cannot open the ${FAMILY_LABEL[family]} database: ${(problem as Error).message}`);
        }
      },
      async unload() {
        await lease?.release();
        lease = undefined;
      },
    };
  },
});

/** `"SQL"`, `["SQL"]`, `["SQL", args]` or `["SQL", v1, v2…]`. */
function request(payload: unknown): [string, unknown] {
  if (typeof payload === 'string') return [payload, undefined];
  if (Array.isArray(payload) && typeof payload[0] === 'string') return [payload[0], payload.length > 2 ? payload.slice(1) : payload[1]];
  throw new FlowError('sql expects "SQL" or ["SQL", args]');
}

interface Open {
  readonly tx: Promise<Transaction>;
  finish(failed: boolean): Promise<void>;
}

/** Open transactions by process, then by database: statements of one process share one. */
const open = new WeakMap<Process, Map<Database, Open>>();

function transaction(database: Database, proc: Process): Promise<Transaction> {
  for (let p: Process | undefined = proc; p; p = p.parent) {
    const found = open.get(p)?.get(database);
    if (found) return found.tx;
  }
  // Statements of a request share the request's transaction, finished before its response is
  // written so that the client can read what it wrote; work that outlives the response has its own.
  const exchange = exchangeOf(proc);
  const owner = exchange?.process && exchange.beforeResponse((failed) => entry.finish(failed)) ? exchange.process : proc;
  const tx = database.begin();
  let finished: Promise<void> | undefined;
  const entry: Open = {
    tx,
    finish: (failed) =>
      (finished ??= (async () => {
        open.get(owner)?.delete(database);
        const t = await tx.catch(() => undefined);
        if (t) await (failed ? t.rollback() : t.commit());
      })()),
  };
  let byDatabase = open.get(owner);
  if (!byDatabase) open.set(owner, (byDatabase = new Map()));
  byDatabase.set(database, entry);
  owner.onExit((failure) => entry.finish(failure !== undefined).catch(() => undefined));
  return tx;
}
