import { userInfo } from 'node:os';
import pg from 'pg';
import type { Database, Row, Transaction } from './driver.ts';
import { cancellable, endOnce, plainRow } from './driver.ts';
import { isolationName } from '../core/sql-isolation.ts';

const PLACEHOLDER = (i: number): string => `$${i}`;

const INT8 = 20;
const DATE_TYPES = [1082, 1083, 1114, 1184, 1266];

/** int8 as a number while it is exact (counts, serial ids); dates and times as the server writes them. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (text: string) => unknown {
    if (oid === INT8) return (text) => (Number.isSafeInteger(Number(text)) ? Number(text) : text);
    if (DATE_TYPES.includes(oid)) return (text) => text;
    return pg.types.getTypeParser(oid, format as 'text') as (text: string) => unknown;
  },
};

/** A PostgreSQL pool for a connection string (`postgres://user@host:5432/db?options=…`). */
export async function openPostgres(source: string, isolation: number): Promise<Database> {
  const level = isolationName('postgres', isolation);
  const clause = level ? ` ISOLATION LEVEL ${level}` : '';
  const user = process.env.PGUSER || process.env.USER || userInfo().username;
  const pool = new pg.Pool({ connectionString: source, user: new URL(source).username || user, types });
  // An idle client that errors (server restart) must not crash the program; the pool replaces it.
  pool.on('error', () => undefined);
  // Fail at start, not on the first request, when the database does not answer.
  await pool.query('SELECT 1');
  return {
    placeholder: PLACEHOLDER,
    numbered: true,
    async begin(): Promise<Transaction> {
      const client = await pool.connect();
      try {
        await client.query(`BEGIN${clause}`);
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      const end = endOnce(
        (command) => client.query(command),
        () => client.release(),
        (error) => client.release(error),
      );
      return {
        async query(text, values, signal) {
          // A running statement is cancelled from another connection, as psql's Ctrl-C does.
          const pid = (client as unknown as { processID?: number }).processID;
          const cancel = (): void => void pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
          const result = await cancellable(pid ? signal : undefined, cancel, () => client.query({ text, values: values as unknown[] }));
          const rows = (Array.isArray(result) ? result.at(-1)?.rows : result.rows) as Row[] | undefined;
          return rows ? rows.map(plainRow) : [];
        },
        commit: () => end('COMMIT'),
        rollback: () => end('ROLLBACK'),
      };
    },
    close: () => pool.end(),
  };
}

/** PostgreSQL takes bytes as Buffers; everything else (arrays, JSON maps) it converts itself. */
export function postgresValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value;
}
