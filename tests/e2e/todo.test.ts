import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExample, flowc, http, start, tempDir, type Started } from '../support/flowc.ts';
import { createSchema, type TestSchema } from '../support/postgres.ts';
import { closedPort } from '../support/upstream.ts';

const JSON_TYPE = { 'Content-Type': 'application/json', Accept: 'application/json' };

/** examples/todo.yaml against the real PostgreSQL, in a schema of its own that the test creates and drops. */
describe('examples/todo.yaml bundle', () => {
  let schema: TestSchema;
  let server: Started;

  beforeAll(async () => {
    schema = await createSchema();
    server = await start(buildExample('examples/todo.yaml'), [], { PORT: '0', DATABASE_URL: schema.url });
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await schema?.drop();
  });

  it('creates its table on start, in the schema of the connection string', async () => {
    expect(await schema.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [schema.name])).toEqual([{ table_name: 'todos' }]);
    const r = await http(server.port, 'GET', '/todos', { Accept: 'application/json' });
    expect([r.status, r.text]).toEqual([200, '[]\n']);
  });

  it('create, read, list, update, delete', async () => {
    const created = await http(server.port, 'POST', '/todos', JSON_TYPE, '{"title":"write tests"}');
    expect(created.status).toBe(201);
    const todo = JSON.parse(created.text) as { id: number; title: string; done: boolean };
    expect(todo).toEqual({ id: expect.any(Number), title: 'write tests', done: false });
    expect(created.headers.location).toBe(`/todos/${todo.id}`);
    // Committed before the answer was written: another connection sees it at once.
    expect(await schema.query('SELECT title FROM todos WHERE id = $1', [todo.id])).toEqual([{ title: 'write tests' }]);

    const read = await http(server.port, 'GET', `/todos/${todo.id}`, { Accept: 'application/json' });
    expect([read.status, JSON.parse(read.text)]).toEqual([200, todo]);

    await http(server.port, 'POST', '/todos', JSON_TYPE, '{"title":"second"}');
    const list = JSON.parse((await http(server.port, 'GET', '/todos', { Accept: 'application/json' })).text) as Array<{ title: string }>;
    expect(list.map((t) => t.title)).toEqual(['write tests', 'second']);

    const changed = await http(server.port, 'PATCH', `/todos/${todo.id}`, JSON_TYPE, '{"done":true}');
    expect([changed.status, JSON.parse(changed.text)]).toEqual([200, { ...todo, done: true }]);
    const renamed = await http(server.port, 'PATCH', `/todos/${todo.id}`, JSON_TYPE, '{"title":"renamed"}');
    expect(JSON.parse(renamed.text)).toEqual({ ...todo, title: 'renamed', done: true });

    const removed = await http(server.port, 'DELETE', `/todos/${todo.id}`);
    expect([removed.status, removed.text]).toEqual([204, '']);
    expect((await http(server.port, 'DELETE', `/todos/${todo.id}`)).status).toBe(404);
    expect((await http(server.port, 'GET', `/todos/${todo.id}`)).status).toBe(404);
    expect((await http(server.port, 'PATCH', `/todos/${todo.id}`, JSON_TYPE, '{"done":false}')).status).toBe(404);
  });

  it('bad input: 400 for a missing title or a wrong type, 404 for a non-numeric id, 400 for malformed JSON', async () => {
    const missing = await http(server.port, 'POST', '/todos', JSON_TYPE, '{"name":"x"}');
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text).error).toMatch(/title/);
    expect((await http(server.port, 'POST', '/todos', JSON_TYPE, '{"title":7}')).status).toBe(400);
    expect((await http(server.port, 'PATCH', '/todos/1', JSON_TYPE, '{"done":"yes"}')).status).toBe(400);
    expect((await http(server.port, 'GET', '/todos/abc')).status).toBe(404);
    const malformed = await http(server.port, 'POST', '/todos', JSON_TYPE, '{"title":');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.text).error).toMatch(/invalid JSON body/);
  });

  it('many concurrent creates each commit exactly once', async () => {
    const before = Number((await schema.query('SELECT count(*) AS n FROM todos'))[0]!.n);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => http(server.port, 'POST', '/todos', JSON_TYPE, JSON.stringify({ title: `t${i}` }))));
    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect(Number((await schema.query('SELECT count(*) AS n FROM todos'))[0]!.n)).toBe(before + 40);
  });
});

describe('sql transactions over HTTP (PostgreSQL)', () => {
  it('a request answered with a status ≥ 400, or with an error, rolls back what it wrote', async () => {
    const schema = await createSchema();
    await schema.query('CREATE TABLE notes (body text NOT NULL)');
    const dir = tempDir();
    const write = (name: string, answer: string): string => `
- kind: snippet
  name: ${name}
  language: javascript
  code: 'export default (req) => ["INSERT INTO notes (body) VALUES (:body)", { body: req.path }]'
  ports:
    out:
      - name: ${name}_db
        port: in
- kind: sql
  name: ${name}_db
  driver: postgres
  source: '{{ .DATABASE_URL }}'
  ports:
    out:
      - name: ${name}_answer
        port: in
- kind: snippet
  name: ${name}_answer
  language: javascript
  code: '${answer}'
`;
    writeFileSync(
      join(dir, 'tx.yaml'),
      `- kind: listener
  name: l
  protocol: http
  port: '{{ .PORT }}'
  ports:
    out:
      - name: r
        port: in
- kind: router
  name: r
  routes:
    - { method: POST, path: /ok, port: 'out[0]' }
    - { method: POST, path: /conflict, port: 'out[1]' }
    - { method: POST, path: /throw, port: 'out[2]' }
  ports:
    out[0]: [{ name: ok, port: in }]
    out[1]: [{ name: conflict, port: in }]
    out[2]: [{ name: boom, port: in }]
` +
        write('ok', 'export default () => ({ status: 201, body: "kept" })') +
        write('conflict', 'export default () => ({ status: 409, body: "rolled back" })') +
        write('boom', 'export default () => { throw new Error("after the insert") }'),
    );
    const out = join(dir, 'tx.mjs');
    const built = flowc(['build', join(dir, 'tx.yaml'), '-o', out]);
    expect(built.status, built.stderr).toBe(0);
    const server = await start(out, [], { PORT: '0', DATABASE_URL: schema.url });
    try {
      expect((await http(server.port, 'POST', '/ok')).status).toBe(201);
      expect((await http(server.port, 'POST', '/conflict')).status).toBe(409);
      expect((await http(server.port, 'POST', '/throw')).status).toBe(500);
      expect(await schema.query('SELECT body FROM notes')).toEqual([{ body: '/ok' }]);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      await schema.drop();
    }
  });

  it('a database that does not answer stops the program at start, naming the node', async () => {
    const server = start(buildExample('examples/todo.yaml'), [], { PORT: '0', DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/test` });
    await expect(server).rejects.toThrow(/exited with 1 before listening[\s\S]*node `db_\w+` \(\S+:\d+:\d+\): cannot open the PostgreSQL database: .*ECONNREFUSED/);
  });
});
