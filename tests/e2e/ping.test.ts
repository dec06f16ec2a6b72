import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExample, http, start, type Started } from '../support/flowc.ts';

/** Acceptance cases P1–P12 and P14 of the uniflow reference (§7.1), against the built bundle. */
describe('examples/ping.yaml bundle', () => {
  let bundle: string;
  let server: Started;

  beforeAll(async () => {
    bundle = buildExample('examples/ping.yaml');
    server = await start(bundle, [], { PORT: '0' });
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  /** Headers other than the per-connection ones Node adds (Connection, Keep-Alive). */
  const entityHeaders = (h: Record<string, unknown>): string[] =>
    Object.keys(h)
      .filter((k) => k !== 'connection' && k !== 'keep-alive')
      .sort();

  it('P1: GET /ping → 200 text pong with exactly Content-Length, Content-Type, Date', async () => {
    const r = await http(server.port, 'GET', '/ping', { Accept: '*/*' });
    expect(r.status).toBe(200);
    expect(r.text).toBe('pong');
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(r.headers['content-length']).toBe('4');
    expect(entityHeaders(r.headers)).toEqual(['content-length', 'content-type', 'date']);
  });

  it('P2: no Accept header → the first offer (text)', async () => {
    const r = await http(server.port, 'GET', '/ping');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(r.text).toBe('pong');
  });

  it('P3: a query string does not change the route', async () => {
    const r = await http(server.port, 'GET', '/ping?x=1', { Accept: '*/*' });
    expect([r.status, r.text]).toEqual([200, 'pong']);
  });

  it('P4: Accept: application/json → "pong" as JSON with a trailing newline', async () => {
    const r = await http(server.port, 'GET', '/ping', { Accept: 'application/json' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.text).toBe('"pong"\n');
  });

  it('P5: Accept-Encoding: gzip → gzip body', async () => {
    const r = await http(server.port, 'GET', '/ping', { 'Accept-Encoding': 'gzip' });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(r.body).toString()).toBe('pong');
  });

  it('P6: Accept-Encoding: identity → Content-Encoding: identity', async () => {
    const r = await http(server.port, 'GET', '/ping', { 'Accept-Encoding': 'identity' });
    expect(r.headers['content-encoding']).toBe('identity');
    expect(r.text).toBe('pong');
  });

  it('P7: unknown path → 404 Not Found', async () => {
    const r = await http(server.port, 'GET', '/nothing', { Accept: '*/*' });
    expect([r.status, r.text, r.headers['content-type']]).toEqual([404, 'Not Found', 'text/plain; charset=utf-8']);
  });

  it('P8: a trailing slash is another path → 404', async () => {
    const r = await http(server.port, 'GET', '/ping/');
    expect([r.status, r.text]).toEqual([404, 'Not Found']);
  });

  it('P9: POST /ping → 405 with Allow', async () => {
    const r = await http(server.port, 'POST', '/ping');
    expect([r.status, r.text, r.headers.allow]).toEqual([405, 'Method Not Allowed', 'OPTIONS, GET']);
  });

  it('P10: OPTIONS /ping → 204 with Allow and no body', async () => {
    const r = await http(server.port, 'OPTIONS', '/ping');
    expect([r.status, r.text, r.headers.allow]).toEqual([204, '', 'OPTIONS, GET']);
  });

  it('P11: HEAD is not GET → 405 without a body', async () => {
    const r = await http(server.port, 'HEAD', '/ping');
    expect([r.status, r.text]).toEqual([405, '']);
  });

  it('P12: 1000 concurrent requests all answer pong', async () => {
    const all = await Promise.all(Array.from({ length: 1000 }, () => http(server.port, 'GET', '/ping')));
    expect(all.every((r) => r.status === 200 && r.text === 'pong')).toBe(true);
  });

  it('P14: without PORT the program does not start silently: it names node, field and key, exit 1', async () => {
    const env = { ...process.env };
    delete env.PORT;
    const failed = await start(bundle, [], { PORT: undefined }, false);
    const code = await failed.exited;
    expect(code).toBe(1);
    expect(failed.stderr()).toContain('node `listener`');
    expect(failed.stderr()).toContain('field `port`');
    expect(failed.stderr()).toContain('`PORT`');
  });

  it('--env on the bundle command line sets template keys', async () => {
    const other = await start(bundle, ['--env', 'PORT=0'], { PORT: undefined });
    const r = await http(other.port, 'GET', '/ping');
    expect(r.text).toBe('pong');
    other.child.kill('SIGINT');
    expect(await other.exited).toBe(0);
  });
});
