// Test support: a private PostgreSQL schema per test file, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The test database (CI: PostgreSQL on 127.0.0.1:5432, database `test`, trust auth). */
export const TEST_DATABASE = process.env.FLOWC_TEST_DATABASE ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestSchema {
  readonly schema: string;
  /** The store URL of the schema. */
  readonly url: string;
  drop(): Promise<void>;
  /** Runs SQL against the test database directly (as another client would). */
  sql(text: string, params?: unknown[]): Promise<pg.QueryResult>;
}

export function testSchema(prefix: string): TestSchema {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const url = `${TEST_DATABASE}${TEST_DATABASE.includes('?') ? '&' : '?'}schema=${schema}`;
  const sql = async (text: string, params: unknown[] = []): Promise<pg.QueryResult> => {
    const client = new pg.Client({ connectionString: TEST_DATABASE });
    await client.connect();
    try {
      return await client.query(text, params);
    } finally {
      await client.end();
    }
  };
  return { schema, url, sql, drop: async () => void (await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)) };
}
