import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowc, http, start, tempDir, type Started } from '../support/flowc.ts';
import { createDatabase, type TestDatabase } from '../support/mysql.ts';

const NOTES = `- kind: listener
  name: l
  protocol: http
  host: 127.0.0.1
  port: '{{ .PORT }}'
  ports:
    init: [{ name: schema, port: in }]
    out: [{ name: r, port: in }]
- kind: snippet
  name: schema
  language: text
  code: CREATE TABLE IF NOT EXISTS notes (id INT AUTO_INCREMENT PRIMARY KEY, body TEXT NOT NULL)
  ports:
    out: [{ name: db, port: in }]
- kind: router
  name: r
  routes:
    - { method: POST, path: /notes, port: 'out[0]' }
    - { method: GET, path: /notes, port: 'out[1]' }
  ports:
    out[0]: [{ name: add, port: in }]
    out[1]: [{ name: all, port: in }]
- kind: snippet
  name: add
  language: javascript
  code: 'export default (req) => ["INSERT INTO notes (body) VALUES (:body) RETURNING id, body", req.body]'
  ports:
    out: [{ name: db, port: in }]
- kind: snippet
  name: all
  language: text
  code: SELECT id, body FROM notes ORDER BY id
  ports:
    out: [{ name: db, port: in }]
- kind: sql
  name: db
  driver: mysql
  source: '{{ .DATABASE_URL }}'
  ports:
    out: [{ name: verify, port: in }]
# Refuses a note after writing it: the error answer rolls the write back.
- kind: snippet
  name: verify
  language: javascript
  code: 'export default (rows) => rows[0]?.body === "fail" ? new Error("refused") : rows'
`;

/** mysql2 is bundled: a bundle built outside the repo talks to MariaDB with nothing installed beside it. */
describe('sql with MariaDB from a bundle', () => {
  let database: TestDatabase;
  let server: Started;

  beforeAll(async () => {
    database = await createDatabase();
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.yaml'), NOTES);
    const bundle = join(dir, 'notes.mjs');
    const r = flowc(['build', join(dir, 'notes.yaml'), '-o', bundle]);
    if (r.status !== 0) throw new Error(r.stderr);
    server = await start(bundle, [], { PORT: '0', DATABASE_URL: database.url }, true, dir);
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    expect(await server?.exited).toBe(0);
    await database?.drop();
  });

  it('creates, lists, and rolls back a request answered with an error', async () => {
    const json = { 'Content-Type': 'application/json', Accept: 'application/json' };
    const created = await http(server.port, 'POST', '/notes', json, '{"body":"hello"}');
    expect([created.status, JSON.parse(created.text)]).toEqual([200, [{ id: 1, body: 'hello' }]]);
    // Committed before the answer was written.
    expect(await database.query('SELECT body FROM notes')).toEqual([{ body: 'hello' }]);
    const refused = await http(server.port, 'POST', '/notes', json, '{"body":"fail"}');
    expect(refused.status).toBe(500);
    const list = await http(server.port, 'GET', '/notes', { Accept: 'application/json' });
    expect(JSON.parse(list.text)).toEqual([{ id: 1, body: 'hello' }]);
  });

  it('a database that does not answer stops the bundle at start, naming the node', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.yaml'), NOTES);
    const r = flowc(['run', join(dir, 'notes.yaml'), '--env', 'PORT=0', '--env', 'DATABASE_URL=mysql://root@127.0.0.1:1/test']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/node `db` \(\S+:\d+:\d+\): cannot open the MySQL\/MariaDB database/);
  });
});
