import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowc, http, ROOT, start, tempDir } from '../support/flowc.ts';

const ADDON = join(dirname(createRequire(join(ROOT, 'runtime/package.json')).resolve('better-sqlite3/package.json')), 'build/Release/better_sqlite3.node');

function buildNotes(): { dir: string; bundle: string } {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'notes.yaml'),
    `- kind: listener
  name: l
  protocol: http
  port: '{{ .PORT }}'
  ports:
    init: [{ name: schema, port: in }]
    out: [{ name: r, port: in }]
- kind: snippet
  name: schema
  language: text
  code: CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)
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
  driver: sqlite3
  source: '{{ .DB }}'
`,
  );
  const bundle = join(dir, 'notes.mjs');
  const r = flowc(['build', join(dir, 'notes.yaml'), '-o', bundle]);
  if (r.status !== 0) throw new Error(r.stderr);
  return { dir, bundle };
}

/** better-sqlite3's native addon cannot be bundled: a bundle finds it at start, or says how to provide it. */
describe('sql with SQLite from a bundle outside the repo', () => {
  it('without the addon, the program refuses to start and says how to provide it', async () => {
    const { dir, bundle } = buildNotes();
    const child = spawn(process.execPath, [bundle], { cwd: dir, env: { ...process.env, PORT: '0', DB: join(dir, 'notes.db'), FLOWC_SQLITE_ADDON: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/node `db` \(\S+:\d+:\d+\): cannot open the SQLite database: SQLite needs the native addon of better-sqlite3@12/);
    expect(stderr.match(/node `db`/g)).toHaveLength(1);
    expect(stderr).toMatch(/FLOWC_SQLITE_ADDON/);
  });

  it('with FLOWC_SQLITE_ADDON, statements run and rows come back as maps', async () => {
    const { dir, bundle } = buildNotes();
    const server = await start(bundle, [], { PORT: '0', DB: join(dir, 'notes.db'), FLOWC_SQLITE_ADDON: ADDON });
    try {
      const json = { 'Content-Type': 'application/json', Accept: 'application/json' };
      expect(JSON.parse((await http(server.port, 'POST', '/notes', json, '{"body":"one"}')).text)).toEqual([{ id: 1, body: 'one' }]);
      await http(server.port, 'POST', '/notes', json, '{"body":"two"}');
      expect(JSON.parse((await http(server.port, 'GET', '/notes', json)).text)).toEqual([
        { id: 1, body: 'one' },
        { id: 2, body: 'two' },
      ]);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });
});
