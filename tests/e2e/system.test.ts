import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openStore } from '@flowc/runtime/store/open';
import type { Store } from '@flowc/runtime/store/types';
import { testSchema } from '@flowc/runtime/store/testing';
import { buildExample, flowc, http, ROOT, start, tempDir, type Response, type Started } from '../support/flowc.ts';

/**
 * examples/system.yaml against PostgreSQL: the §7.5 cases with the intended behaviour (§9.8, 9.15–9.17),
 * and the bearer token. The store first receives the system's own specs through `flowc apply`, as
 * uniflow's `start --from-specs` does, so S1 sees them.
 */
const TOKEN = 's3cret-"token';
const auth = { Authorization: `Bearer ${TOKEN}` };
const json = { ...auth, 'Content-Type': 'application/json', Accept: 'application/json' };
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('examples/system.yaml over PostgreSQL', () => {
  const db = testSchema('flowc_system');
  let server: Started;
  let store: Store;
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = json): Promise<Response> =>
    http(server.port, method, path, headers, body === undefined ? undefined : JSON.stringify(body));
  const parse = (r: Response): unknown => JSON.parse(r.text);
  const specCount = async (): Promise<number> => (await store.list('specs')).length;

  beforeAll(async () => {
    const dir = tempDir();
    const token = join(dir, 'token.json');
    writeFileSync(token, JSON.stringify([{ name: 'system-token', data: TOKEN }]));
    for (const [type, file] of [['values', token], ['specs', join(ROOT, 'examples/system.yaml')]] as const) {
      const r = flowc(['apply', type, '-f', file, '--store', db.url]);
      if (r.status !== 0) throw new Error(`flowc apply ${type} failed:\n${r.stderr}`);
    }
    store = openStore(db.url);
    server = await start(buildExample('examples/system.yaml'), ['--values', token], { PORT: '0', FLOWC_STORE: db.url });
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await store?.close();
    await db.drop();
  });

  it('listens on 127.0.0.1 only', () => {
    expect(server.stderr()).toMatch(/serving http:\/\/127\.0\.0\.1:\d+/);
  });

  it('401 without the bearer token, with a wrong one, or with another scheme; nothing changes', async () => {
    const before = await specCount();
    const attempts: Array<Record<string, string>> = [{}, { Authorization: 'Bearer wrong' }, { Authorization: `Basic ${TOKEN}` }, { Authorization: TOKEN }];
    for (const headers of attempts) {
      const create = await http(server.port, 'POST', '/v1/specs', { ...headers, 'Content-Type': 'application/json' }, JSON.stringify({ kind: 'nop', name: 'intruder' }));
      expect([create.status, JSON.parse(create.text), create.headers['www-authenticate']]).toEqual([401, { error: 'unauthorized' }, 'Bearer']);
      const wipe = await http(server.port, 'DELETE', '/v1/specs?name=http', headers);
      expect(wipe.status).toBe(401);
      expect((await http(server.port, 'GET', '/v1/values', headers)).status).toBe(401);
    }
    expect(await specCount()).toBe(before);
    expect(await store.list('specs', { name: 'intruder' })).toEqual([]);
  });

  it('S1: GET /v1/specs lists every stored spec with raw (unrendered) fields', async () => {
    const r = await call('GET', '/v1/specs');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    const specs = parse(r) as Array<Record<string, unknown>>;
    expect(specs).toHaveLength(44);
    for (const s of specs) {
      expect(s.id).toMatch(UUID_V7);
      expect(s.namespace).toBe('default');
    }
    expect(specs.find((s) => s.name === 'http')).toMatchObject({ kind: 'listener', port: '{{ .PORT }}', host: '127.0.0.1' });
  });

  let hi: Record<string, unknown>;

  it('S2: POST /v1/specs → 201 list of one, with a generated UUID v7 and namespace default', async () => {
    const r = await call('POST', '/v1/specs', { kind: 'snippet', name: 'hi', language: 'text', code: 'hello' });
    expect(r.status).toBe(201);
    const created = parse(r) as Array<Record<string, unknown>>;
    expect(created).toEqual([{ id: expect.stringMatching(UUID_V7), namespace: 'default', name: 'hi', kind: 'snippet', language: 'text', code: 'hello' }]);
    hi = created[0]!;
  });

  it('S3–S5: by id → object; by name → list of one; no match → []', async () => {
    const one = await call('GET', `/v1/specs/${String(hi.id)}`);
    expect([one.status, parse(one)]).toEqual([200, hi]);
    const byName = await call('GET', '/v1/specs?name=hi');
    expect([byName.status, parse(byName)]).toEqual([200, [hi]]);
    const none = await call('GET', '/v1/specs?name=none');
    expect([none.status, parse(none)]).toEqual([200, []]);
    const both = await call('GET', '/v1/specs?name=hi&namespace=other');
    expect(parse(both)).toEqual([]);
  });

  it('S6, S7: unknown ids (valid UUID or not) → 404 Not Found', async () => {
    for (const id of ['01890a5d-ac96-774b-bcce-b302099a8057', 'not-a-uuid']) {
      const r = await call('GET', `/v1/specs/${id}`, undefined, auth);
      expect([r.status, r.text]).toEqual([404, 'Not Found']);
    }
  });

  it('S8, S9: a duplicate name or a spec without kind → 400 with a JSON error, nothing stored (§9.8)', async () => {
    const before = await specCount();
    const dup = await call('POST', '/v1/specs', { kind: 'snippet', name: 'hi', language: 'text', code: 'again' });
    expect(dup.status).toBe(400);
    expect(parse(dup)).toEqual({ error: expect.stringMatching(/duplicated key: `hi` already exists in namespace `default`/) });
    const noKind = await call('POST', '/v1/specs', { name: 'nokind' });
    expect([noKind.status, parse(noKind)]).toEqual([400, { error: expect.stringMatching(/needs a `kind`/) }]);
    const empty = await call('POST', '/v1/specs');
    expect(empty.status).toBe(400);
    expect(await specCount()).toBe(before);
  });

  it('S10: malformed JSON → 400 with a JSON error', async () => {
    const r = await http(server.port, 'POST', '/v1/specs', { ...json }, '{"kind":');
    expect(r.status).toBe(400);
    expect(parse(r)).toEqual({ error: expect.any(String) });
  });

  it('arrays create every element, all or nothing (§9.16)', async () => {
    const r = await call('POST', '/v1/specs', [
      { kind: 'nop', name: 'n1' },
      { kind: 'nop', name: 'n2', namespace: 'other' },
    ]);
    expect(r.status).toBe(201);
    expect((parse(r) as unknown[]).map((s) => (s as { name: string }).name)).toEqual(['n1', 'n2']);
    const before = await specCount();
    const bad = await call('POST', '/v1/specs', [{ kind: 'nop', name: 'n3' }, { name: 'n4' }]);
    expect(bad.status).toBe(400);
    const twice = await call('POST', '/v1/specs', [{ kind: 'nop', name: 'n5' }, { kind: 'nop', name: 'n5' }]);
    expect([twice.status, parse(twice)]).toEqual([400, { error: expect.stringMatching(/`n5` appears twice in the batch/) }]);
    expect(await specCount()).toBe(before);
  });

  it('S11, S12: PATCH /v1/specs/:id merges the body into the stored spec (§9.15)', async () => {
    const changed = await call('PATCH', `/v1/specs/${String(hi.id)}`, { code: 'bye' });
    expect([changed.status, parse(changed)]).toEqual([200, { ...hi, code: 'bye' }]);
    const extra = await call('PATCH', `/v1/specs/${String(hi.id)}`, { extra: 'x' });
    expect(parse(extra)).toEqual({ ...hi, code: 'bye', extra: 'x' });
    const removed = await call('PATCH', `/v1/specs/${String(hi.id)}`, { extra: null });
    expect(parse(removed)).toEqual({ ...hi, code: 'bye' });
    expect(await store.get('specs', String(hi.id))).toEqual({ ...hi, code: 'bye' });
    const unknown = await call('PATCH', '/v1/specs/01890a5d-ac96-774b-bcce-b302099a8057', { code: 'x' });
    expect(unknown.status).toBe(404);
    const notMap = await call('PATCH', `/v1/specs/${String(hi.id)}`, ['x']);
    expect(notMap.status).toBe(400);
  });

  it('S13: PATCH /v1/specs patches by id or name; an entry naming neither → 400', async () => {
    const byName = await call('PATCH', '/v1/specs', [{ name: 'hi', code: 'by name' }]);
    expect([byName.status, (parse(byName) as Array<{ code: string }>)[0]!.code]).toEqual([200, 'by name']);
    const none = await call('PATCH', '/v1/specs', { code: 'x' });
    expect([none.status, parse(none)]).toEqual([400, { error: expect.stringMatching(/needs an `id` or a `name`/) }]);
    expect((await store.get('specs', String(hi.id)))!.code).toBe('by name');
  });

  it('S14, S15: DELETE by id → 204 then 404; DELETE with a filter → 204 even when nothing matched', async () => {
    const first = await call('DELETE', `/v1/specs/${String(hi.id)}`, undefined, auth);
    expect([first.status, first.text]).toEqual([204, '']);
    const again = await call('DELETE', `/v1/specs/${String(hi.id)}`, undefined, auth);
    expect([again.status, again.text]).toEqual([404, 'Not Found']);
    const whatever = await call('DELETE', '/v1/specs?name=whatever', undefined, auth);
    expect(whatever.status).toBe(204);
    const n2 = await call('DELETE', '/v1/specs?name=n2&namespace=other', undefined, auth);
    expect(n2.status).toBe(204);
    expect(await store.list('specs', { name: 'n2' })).toEqual([]);
  });

  it('S23: DELETE /v1/specs without a filter → 400 and nothing is deleted (§9.17)', async () => {
    const before = await specCount();
    for (const path of ['/v1/specs', '/v1/specs?namespace=default', '/v1/values', '/v1/charts']) {
      const r = await call('DELETE', path, undefined, auth);
      expect([r.status, parse(r)]).toEqual([400, { error: expect.stringMatching(/refusing to delete/) }]);
    }
    const typo = await call('DELETE', '/v1/specs?nmae=http', undefined, auth);
    expect([typo.status, parse(typo)]).toEqual([400, { error: expect.stringMatching(/unknown filter `nmae`/) }]);
    expect(await specCount()).toBe(before);
  });

  it('S16–S18: 405 with Allow, OPTIONS 204, unknown path 404', async () => {
    const put = await call('PUT', '/v1/specs', undefined, auth);
    expect(put.status).toBe(405);
    expect(String(put.headers.allow).split(', ').sort()).toEqual(['DELETE', 'GET', 'OPTIONS', 'PATCH', 'POST']);
    const options = await call('OPTIONS', '/v1/specs/some-id', undefined, auth);
    expect(options.status).toBe(204);
    expect(String(options.headers.allow).split(', ').sort()).toEqual(['DELETE', 'GET', 'OPTIONS', 'PATCH']);
    const unknown = await call('GET', '/v1/unknown', undefined, auth);
    expect([unknown.status, unknown.text]).toEqual([404, 'Not Found']);
  });

  it('S19, S20: values are created, read, deleted — their data never comes back', async () => {
    const created = await call('POST', '/v1/values', { name: 'db', data: { pw: 's' } });
    expect(created.status).toBe(201);
    const [value] = parse(created) as Array<Record<string, unknown>>;
    expect(value).toEqual({ id: expect.stringMatching(UUID_V7), namespace: 'default', name: 'db', data: '***' });
    expect((await store.get('values', String(value!.id)))!.data).toEqual({ pw: 's' });
    const one = await call('GET', `/v1/values/${String(value!.id)}`);
    expect([one.status, parse(one)]).toEqual([200, value]);
    const all = await call('GET', '/v1/values');
    expect(all.text).not.toContain(TOKEN.slice(0, 6));
    expect(all.text).not.toContain('"pw"');
    const patched = await call('PATCH', `/v1/values/${String(value!.id)}`, { data: { pw: 't' } });
    expect(parse(patched)).toEqual(value);
    expect((await store.get('values', String(value!.id)))!.data).toEqual({ pw: 't' });
    const gone = await call('DELETE', `/v1/values/${String(value!.id)}`, undefined, auth);
    expect(gone.status).toBe(204);
    const unknown = await call('DELETE', `/v1/values/${String(value!.id)}`, undefined, auth);
    expect(unknown.status).toBe(404);
  });

  it('S21: POST /v1/charts → 201 with the chart as given', async () => {
    const r = await call('POST', '/v1/charts', { name: 'c1', specs: [{ kind: 'nop' }] });
    expect(r.status).toBe(201);
    expect(parse(r)).toEqual([{ id: expect.stringMatching(UUID_V7), namespace: 'default', name: 'c1', specs: [{ kind: 'nop' }] }]);
    const noSpecs = await call('POST', '/v1/charts', { name: 'c2' });
    expect(noSpecs.status).toBe(400);
  });

  it('changes made through the API reach other store connections as events', async () => {
    const events: unknown[] = [];
    const watcher = await store.watch((e) => events.push(e), { type: 'specs' });
    const r = await call('POST', '/v1/specs', { kind: 'nop', name: 'watched' });
    const id = (parse(r) as Array<{ id: string }>)[0]!.id;
    await expect.poll(() => events, { timeout: 3_000 }).toEqual([{ op: 'store', kind: 'specs', namespace: 'default', id }]);
    await watcher.close();
  });

  /** Opens a watch connection; resolves once it is open, or with the HTTP status that refused it. */
  const watch = (type: string, headers: Record<string, string> = auth): Promise<{ ws?: WebSocket; status?: number; frames: unknown[]; closed: Promise<void> }> =>
    new Promise((resolve, reject) => {
      const frames: unknown[] = [];
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/v1/${type}?watch=true`, { headers });
      const closed = new Promise<void>((done) => ws.once('close', () => done()));
      ws.on('message', (data) => frames.push(JSON.parse(String(data))));
      ws.once('open', () => resolve({ ws, frames, closed }));
      ws.once('unexpected-response', (_req, res) => {
        resolve({ status: res.statusCode ?? 0, frames, closed: Promise.resolve() });
        res.resume();
      });
      ws.once('error', reject);
    });

  it('S22: GET /v1/specs?watch=true over WebSocket delivers {op, id} frames per change (§9.19)', async () => {
    const specs = await watch('specs');
    const values = await watch('values');
    expect(specs.ws).toBeDefined();
    const created = await call('POST', '/v1/specs', { kind: 'nop', name: 'live' });
    const id = (parse(created) as Array<{ id: string }>)[0]!.id;
    await call('PATCH', `/v1/specs/${id}`, { annotations: { v: '2' } });
    await call('DELETE', `/v1/specs/${id}`, undefined, auth);
    await expect.poll(() => specs.frames, { timeout: 3_000 }).toEqual([
      { op: 'store', id },
      { op: 'swap', id },
      { op: 'delete', id },
    ]);
    const value = await call('POST', '/v1/values', { name: 'live', data: 1 });
    const valueId = (parse(value) as Array<{ id: string }>)[0]!.id;
    await expect.poll(() => values.frames, { timeout: 3_000 }).toEqual([{ op: 'store', id: valueId }]);
    expect(specs.frames).toHaveLength(3);
    // A change made outside the API (another store connection) is seen too.
    const [outside] = await store.apply('specs', [{ kind: 'nop', name: 'outside' }]);
    await expect.poll(() => specs.frames.length, { timeout: 3_000 }).toBe(4);
    expect(specs.frames[3]).toEqual({ op: 'store', id: outside!.resource.id });
    specs.ws!.close();
    values.ws!.close();
    await Promise.all([specs.closed, values.closed]);
    // Closed watchers are gone; the API carries on.
    expect((await call('DELETE', '/v1/specs?name=outside', undefined, auth)).status).toBe(204);
  });

  it('watch: no token → 401 before any upgrade; not a handshake → 400', async () => {
    expect((await watch('specs', {})).status).toBe(401);
    const plain = await call('GET', '/v1/specs?watch=true', undefined, auth);
    expect(plain.status).toBe(400);
  });
});
