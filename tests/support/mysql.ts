import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

/** The MariaDB (or MySQL) server the tests use (CI checks it answers before running them). */
export const MYSQL_URL = process.env.FLOWC_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306/test';

export interface TestDatabase {
  readonly name: string;
  /** A connection string naming the database. */
  readonly url: string;
  query(sql: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

/** A database of its own for one test run, dropped (with everything in it) by `drop()`. */
export async function createDatabase(): Promise<TestDatabase> {
  const name = `flowc_test_${randomBytes(6).toString('hex')}`;
  const server = new URL(MYSQL_URL);
  const admin = await mysql.createConnection({ uri: MYSQL_URL });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.query(`USE ${name}`);
  server.pathname = `/${name}`;
  return {
    name,
    url: server.toString(),
    query: async (sql, values) => {
      const [rows] = await admin.query(sql, values);
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
    },
    drop: async () => {
      await admin.query(`DROP DATABASE ${name}`);
      await admin.end();
    },
  };
}
