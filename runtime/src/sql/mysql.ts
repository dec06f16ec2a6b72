import mysql from 'mysql2/promise';
import type { Database, Row, Transaction } from './driver.ts';
import { cancellable, endOnce, plainRow } from './driver.ts';
import { isolationName } from '../core/sql-isolation.ts';

const PLACEHOLDER = (): string => '?';

/**
 * Connection options from `mysql://user:pass@host:3306/db?charset=…` or Go's DSN
 * `user:pass@tcp(host:3306)/db?…` (the form uniflow's go-sql-driver takes).
 */
export function mysqlOptions(source: string): mysql.PoolOptions {
  if (/^(mysql|mariadb):\/\//.test(source)) {
    const url = new URL(source.replace(/^mariadb:/, 'mysql:'));
    const options: mysql.PoolOptions = {
      host: url.hostname || '127.0.0.1',
      port: url.port ? Number(url.port) : 3306,
      user: decodeURIComponent(url.username) || 'root',
      password: decodeURIComponent(url.password),
    };
    const database = decodeURIComponent(url.pathname.slice(1));
    if (database) options.database = database;
    const charset = url.searchParams.get('charset');
    if (charset) options.charset = charset;
    return options;
  }
  const dsn = /^(?:([^:@]*)(?::(.*))?@)?(?:(tcp|unix)\(([^)]*)\))?\/([^?]*)(?:\?(.*))?$/.exec(source);
  if (!dsn) throw new Error('the source must be mysql://user:password@host:3306/database or user:password@tcp(host:3306)/database');
  const [, user, password, net, address, database, query] = dsn;
  const options: mysql.PoolOptions = { user: user || 'root', password: password ?? '' };
  if (net === 'unix') options.socketPath = address;
  else {
    const [host, port] = (address || '127.0.0.1:3306').split(/:(?=\d+$)/);
    options.host = host || '127.0.0.1';
    options.port = port ? Number(port) : 3306;
  }
  if (database) options.database = database;
  const charset = new URLSearchParams(query ?? '').get('charset');
  if (charset) options.charset = charset.split(',')[0];
  return options;
}

/**
 * A MySQL/MariaDB pool. Statements with values run as server-side prepared statements (mysql2's
 * `execute`, cached per connection), the others as plain queries, so DDL works either way.
 */
export async function openMysql(source: string, isolation: number): Promise<Database> {
  const level = isolationName('mysql', isolation);
  const pool = mysql.createPool({
    ...mysqlOptions(source),
    // bigint as a number while exact (counts, ids), else text; DECIMAL as text; dates as the server writes them.
    supportBigNumbers: true,
    bigNumberStrings: false,
    dateStrings: true,
    // MariaDB's JSON is text: maps and lists are sent as JSON text.
    jsonStrings: true,
    connectionLimit: 10,
  });
  // An idle connection that errors (server restart) must not crash the program; the pool replaces it.
  pool.on('connection', (connection) => connection.on('error', () => undefined));
  // Fail at start, not on the first request, when the database does not answer.
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return {
    placeholder: PLACEHOLDER,
    numbered: false,
    async begin(): Promise<Transaction> {
      const connection = await pool.getConnection();
      try {
        // Applies to the next transaction of this connection only.
        if (level) await connection.query(`SET TRANSACTION ISOLATION LEVEL ${level}`);
        await connection.query('START TRANSACTION');
      } catch (error) {
        connection.destroy();
        throw error;
      }
      const end = endOnce(
        (command) => connection.query(command),
        () => connection.release(),
        () => connection.destroy(),
      );
      return {
        async query(text, values, signal) {
          // A running statement is killed from another connection of the pool.
          const cancel = (): void => void pool.query(`KILL QUERY ${Number(connection.threadId)}`).catch(() => undefined);
          const [result] = await cancellable(signal, cancel, () => (values.length > 0 ? connection.execute(text, values.map(mysqlValue)) : connection.query(text)));
          // A killed SLEEP or BENCHMARK ends without an error: the statement still did not run to its end.
          signal?.throwIfAborted();
          return Array.isArray(result) ? (result as Row[]).map(plainRow) : [];
        },
        commit: () => end('COMMIT'),
        rollback: () => end('ROLLBACK'),
      };
    },
    close: () => pool.end(),
  };
}

/** Values for mysql2's prepared statements: bytes as Buffers, maps and lists as JSON text. */
export function mysqlValue(value: unknown): mysql.ExecuteValues {
  if (value === undefined || value === null) return null;
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'object') return JSON.stringify(value);
  return value as string | number | boolean;
}
