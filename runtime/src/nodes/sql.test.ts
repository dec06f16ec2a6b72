import { describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import { createSchema } from '../../../tests/support/postgres.ts';
import { ProcessAborted } from '../core/process.ts';
import { addNode, addProbe, running, testProgram } from '../testing/graph.ts';
import { sqliteFilename } from '../sql/sqlite.ts';
import sql from './sql.ts';
import { sqlScriptProgram as program } from '../../../tests/support/sql-program.ts';

const kind = sql as Kind<never>;

describe('sql (SQLite)', () => {
  it('named and positional parameters, rows as maps, batches, an empty list for statements without rows', async () => {
    await running(program('file::memory:?cache=shared'), async (run) => {
      const results = await run.send('script', 'in', {
        statements: [
          'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, admin INTEGER, data BLOB)',
          ['INSERT INTO users (name, admin) VALUES (:name, :admin)', { name: 'ada', admin: true }],
          ['INSERT INTO users (name, admin) VALUES (:name, :admin)', [{ name: 'bob', admin: false }, { name: 'cy', admin: false }]],
          ['INSERT INTO users (name, data) VALUES (?, ?)', ['dee', new Uint8Array([1, 2])]],
          ['SELECT name, admin FROM users WHERE name = :name OR name = :other ORDER BY id', { name: 'ada', other: 'cy' }],
          ['SELECT data FROM users WHERE name = ?', 'dee'],
        ],
      });
      expect(results).toEqual([[], [], [], [], [{ name: 'ada', admin: 1 }, { name: 'cy', admin: 0 }], [{ data: new Uint8Array([1, 2]) }]]);
    });
  });

  it('commits when the process ends well and rolls back when it ends with an error', async () => {
    await running(program(':memory:'), async (run) => {
      await run.send('db', 'in', 'CREATE TABLE t (x INTEGER)');
      await run.send('script', 'in', { statements: [['INSERT INTO t VALUES (:x)', { x: 1 }]] });
      const failed = await run.send('script', 'in', { statements: [['INSERT INTO t VALUES (:x)', { x: 2 }], 'SELECT count(*) AS n FROM t'], fail: true });
      expect(failed).toBeInstanceOf(Error);
      expect(await run.send('db', 'in', 'SELECT x FROM t')).toEqual([{ x: 1 }]);
    });
  });

  it('concurrent processes take turns on one connection', async () => {
    await running(program(':memory:'), async (run) => {
      await run.send('db', 'in', 'CREATE TABLE t (x INTEGER)');
      await Promise.all(Array.from({ length: 20 }, (_, x) => run.send('script', 'in', { statements: [['INSERT INTO t VALUES (:x)', { x }], 'SELECT count(*) AS n FROM t'] })));
      expect(await run.send('db', 'in', 'SELECT count(*) AS n FROM t')).toEqual([{ n: 20 }]);
    });
  });

  it('bad statements and missing parameters go to error', async () => {
    await running(program(':memory:'), async (run) => {
      expect(await run.send('db', 'in', 'SELEC nonsense')).toBeInstanceOf(Error);
      const missing = (await run.send('db', 'in', ['SELECT :a + :b AS s', { a: 1 }])) as Error;
      expect(missing.message).toBe('missing value for parameter :b');
      expect(await run.send('db', 'in', ['SELECT :a + :b AS s', { a: 1, b: 2 }])).toEqual([{ s: 3 }]);
      expect(await run.send('db', 'in', 42)).toBeInstanceOf(Error);
    });
  });

  it('reads uniflow-style sources', () => {
    expect(sqliteFilename('file::memory:?cache=shared')).toBe(':memory:');
    expect(sqliteFilename('file:data.db?mode=rwc')).toBe('data.db');
    expect(sqliteFilename('/tmp/x.db')).toBe('/tmp/x.db');
  });
});

describe('sql: an aborted process', () => {
  /** A program whose probe aborts its process once `abortWhen` resolves, then answers what the database answered. */
  function aborting(driver: string, source: string, abortWhen: () => Promise<unknown>) {
    const p = testProgram();
    const db = addNode(p, 'db', kind, { driver, source });
    const script = addProbe(p, 'script', (payload, io) => {
      void abortWhen().then(() => io.proc.abort(new ProcessAborted('the client disconnected')));
      return io.send('out', payload);
    });
    p.connect(script.output('out'), db.input('in'));
    return p;
  }

  it('starts no statement (SQLite)', async () => {
    await running(aborting('sqlite3', ':memory:', () => Promise.resolve()), async (run) => {
      await run.send('db', 'in', 'CREATE TABLE t (x INTEGER)');
      const answer = (await run.send('script', 'in', ['INSERT INTO t VALUES (:x)', [{ x: 1 }, { x: 2 }]])) as Error;
      expect([answer.name, answer.message]).toEqual(['ProcessAborted', 'the client disconnected']);
      expect(await run.send('db', 'in', 'SELECT count(*) AS n FROM t')).toEqual([{ n: 0 }]);
    });
  });

  it('cancels the statement PostgreSQL is running', async () => {
    const schema = await createSchema();
    const marker = `flowc_cancel_${schema.name}`;
    // Aborts once the server reports the statement as running.
    const whenRunning = async (): Promise<void> => {
      const active = "SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()";
      while ((await schema.query(active, [`%${marker}%`])).length === 0);
    };
    try {
      await running(aborting('postgres', schema.url, whenRunning), async (run) => {
        const answer = (await run.send('script', 'in', `SELECT pg_sleep(600) AS ${marker}`)) as Error;
        expect(answer.message).toMatch(/canceling statement due to user request/);
      });
    } finally {
      await schema.drop();
    }
  });
});
