import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type TestDatabase } from '../../../tests/support/mysql.ts';
import type { Kind } from '../core/kind.ts';
import { ProcessAborted } from '../core/process.ts';
import { addNode, addProbe, running, testProgram } from '../testing/graph.ts';
import sql from './sql.ts';
import { sqlScriptProgram } from '../../../tests/support/sql-program.ts';

const kind = sql as Kind<never>;

/** A program with the test's MariaDB database and a probe that runs several statements in one process. */
const program = (source: string, isolation?: number) => sqlScriptProgram(source, { driver: 'mysql', ...(isolation === undefined ? {} : { isolation }) });

describe('sql (MariaDB)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('named and positional parameters, rows as maps, batches, an empty list for statements without rows', async () => {
    await running(program(database.url), async (run) => {
      const results = await run.send('script', 'in', {
        statements: [
          'CREATE TABLE users (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40), admin BOOLEAN, data BLOB, doc LONGTEXT, price DECIMAL(8,2), born DATE)',
          ['INSERT INTO users (name, admin, price, born) VALUES (:name, :admin, :price, :born)', { name: 'ada', admin: true, price: 9.5, born: '1815-12-10' }],
          ['INSERT INTO users (name, admin) VALUES (:name, :admin)', [{ name: 'bob', admin: false }, { name: 'cy', admin: false }]],
          ['INSERT INTO users (name, data, doc) VALUES (?, ?, ?)', ['dee', new Uint8Array([1, 2]), { tags: ['x'] }]],
          ['SELECT id, name, admin, price, born FROM users WHERE name = :name OR name = :other ORDER BY id', { name: 'ada', other: 'cy' }],
          ['SELECT data, doc FROM users WHERE name = ?', 'dee'],
          ['SELECT name FROM users WHERE name LIKE :p ORDER BY id LIMIT :n', { p: '%', n: 2 }],
          ["SELECT ':x' AS colon, '?' AS mark, 9007199254740993 AS big, COUNT(*) AS n FROM users"],
        ],
      });
      expect(results).toEqual([
        [],
        [],
        [],
        [],
        [
          { id: 1, name: 'ada', admin: 1, price: '9.50', born: '1815-12-10' },
          { id: 3, name: 'cy', admin: 0, price: null, born: null },
        ],
        [{ data: new Uint8Array([1, 2]), doc: '{"tags":["x"]}' }],
        [{ name: 'ada' }, { name: 'bob' }],
        [{ colon: ':x', mark: '?', big: '9007199254740993', n: 4 }],
      ]);
    });
  });

  it('INSERT … RETURNING answers with the rows it wrote', async () => {
    await running(program(database.url), async (run) => {
      await run.send('db', 'in', 'CREATE TABLE notes (id INT AUTO_INCREMENT PRIMARY KEY, body TEXT)');
      expect(await run.send('db', 'in', ['INSERT INTO notes (body) VALUES (:body) RETURNING id, body', { body: 'hi' }])).toEqual([{ id: 1, body: 'hi' }]);
    });
  });

  it('commits when the process ends well and rolls back when it ends with an error', async () => {
    await running(program(database.url), async (run) => {
      await run.send('db', 'in', 'CREATE TABLE t (x INT) ENGINE=InnoDB');
      await run.send('script', 'in', { statements: [['INSERT INTO t VALUES (:x)', { x: 1 }]] });
      const failed = await run.send('script', 'in', { statements: [['INSERT INTO t VALUES (:x)', { x: 2 }], 'SELECT count(*) AS n FROM t'], fail: true });
      expect(failed).toBeInstanceOf(Error);
      expect(await run.send('db', 'in', 'SELECT x FROM t')).toEqual([{ x: 1 }]);
      // Concurrent processes each get a connection and a transaction of their own.
      await Promise.all(Array.from({ length: 20 }, (_, x) => run.send('script', 'in', { statements: [['INSERT INTO t VALUES (:x)', { x: x + 10 }]] })));
      expect(await run.send('db', 'in', 'SELECT count(*) AS n FROM t')).toEqual([{ n: 21 }]);
    });
  });

  it('runs each transaction at the isolation level of the node', async () => {
    await running(program(database.url, 1), async (run) => {
      await run.send('db', 'in', 'CREATE TABLE iso (x INT) ENGINE=InnoDB');
      const [, level] = (await run.send('script', 'in', {
        statements: ['INSERT INTO iso VALUES (1)', 'SELECT trx_isolation_level AS level FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = CONNECTION_ID()'],
      })) as unknown[];
      expect(level).toEqual([{ level: 'READ UNCOMMITTED' }]);
    });
  });

  it('bad statements and missing parameters go to error', async () => {
    await running(program(database.url), async (run) => {
      expect(((await run.send('db', 'in', 'SELEC nonsense')) as Error).message).toMatch(/SQL syntax/);
      const missing = (await run.send('db', 'in', ['SELECT :a + :b AS s', { a: 1 }])) as Error;
      expect(missing.message).toBe('missing value for parameter :b');
      expect(await run.send('db', 'in', ['SELECT :a + :b AS s', { a: 1, b: 2 }])).toEqual([{ s: 3 }]);
      expect(await run.send('db', 'in', ['SELECT ? AS a', [1, 2]])).toBeInstanceOf(Error);
    });
  });

  it('a server that does not answer is a start error naming the node', async () => {
    await expect(running(program('mysql://root@127.0.0.1:1/test'), () => Promise.resolve())).rejects.toThrow(/node `db`: cannot open the MySQL\/MariaDB database/);
  });

  it('an aborted process has the statement the server is running killed', async () => {
    const p = testProgram();
    const db = addNode(p, 'db', kind, { driver: 'mariadb', source: database.url });
    const marker = `flowc_kill_${database.name}`;
    const whenRunning = async (): Promise<void> => {
      const active = `SELECT 1 FROM information_schema.processlist WHERE info LIKE ? AND id <> CONNECTION_ID()`;
      while ((await database.query(active, [`%${marker}%`])).length === 0);
    };
    const script = addProbe(p, 'script', (payload, io) => {
      void whenRunning().then(() => io.proc.abort(new ProcessAborted('the client disconnected')));
      return io.send('out', payload);
    });
    p.connect(script.output('out'), db.input('in'));
    await running(p, async (run) => {
      // BENCHMARK runs for minutes unless the server interrupts it.
      const answer = (await run.send('script', 'in', `SELECT BENCHMARK(10000000000, MD5('x')) AS ${marker}`)) as Error;
      expect([answer.name, answer.message]).toEqual(['ProcessAborted', 'the client disconnected']);
      // The server stopped it: nothing of it is left running.
      expect(await database.query(`SELECT 1 FROM information_schema.processlist WHERE info LIKE ? AND id <> CONNECTION_ID()`, [`%${marker}%`])).toEqual([]);
    });
  });
});
