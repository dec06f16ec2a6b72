import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExample, flowc, http, start, tempDir, type Started } from '../support/flowc.ts';
import { closedPort, startUpstream, type Upstream } from '../support/upstream.ts';

const BIG = Buffer.alloc(3 * 1024 * 1024, 'abcdefghij');
const GZIPPED = gzipSync('compressed upstream body');

/** Acceptance cases X1–X7 of the uniflow reference (§7.3), with the intended behaviour where uniflow has a bug. */
describe('examples/httpproxy.yaml bundle', () => {
  let bundle: string;
  let upstream: Upstream;
  let server: Started;

  beforeAll(async () => {
    bundle = buildExample('examples/httpproxy.yaml');
    upstream = await startUpstream((req, res) => {
      if (req.url === '/missing') {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('nope');
      } else if (req.url === '/json') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"b":1,"a":2}');
      } else if (req.url === '/cookie') {
        res.writeHead(200, [['Set-Cookie', 'a=1; Path=/'], ['Set-Cookie', 'b=2; HttpOnly'], ['Access-Control-Allow-Origin', '*'], ['Content-Length', '2']].flat());
        res.end('ok');
      } else if (req.url === '/gzip') {
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip', 'Content-Length': String(GZIPPED.byteLength) });
        res.end(GZIPPED);
      } else if (req.url === '/big') {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        res.end(BIG);
      } else {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`upstream saw ${req.method} ${req.url}`);
      }
    });
    server = await start(bundle, [], { PORT: '0', UPSTREAM: upstream.url });
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await upstream?.close();
  });

  const last = (): Upstream['seen'][number] => upstream.seen[upstream.seen.length - 1]!;

  it('X1: GET / reaches the upstream with Host = upstream, X-Forwarded-* set, the client headers kept', async () => {
    const r = await http(server.port, 'GET', '/', { Accept: '*/*', 'X-Custom': 'yes', Authorization: 'Bearer t' });
    expect([r.status, r.text]).toEqual([200, 'upstream saw GET /']);
    const seen = last();
    expect(seen.method).toBe('GET');
    expect(seen.headers.host).toBe(`127.0.0.1:${upstream.port}`);
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(seen.headers['x-forwarded-host']).toBe(`127.0.0.1:${server.port}`);
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-custom']).toBe('yes');
    expect(seen.headers.authorization).toBe('Bearer t');
    expect(seen.headers.accept).toBe('*/*');
    // flowc does not invent a Content-Type for a request without a body (uniflow 9.12), nor forwards hop-by-hop headers.
    expect(seen.headers['content-type']).toBeUndefined();
    expect(seen.headers.connection).not.toBe('close');
  });

  it('X1: an existing X-Forwarded-For is appended to', async () => {
    await http(server.port, 'GET', '/', { 'X-Forwarded-For': '203.0.113.7' });
    expect(last().headers['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
  });

  it('X2: the path and query reach the upstream as sent', async () => {
    const r = await http(server.port, 'GET', '/a/b?q=1&q=2&x=%20y');
    expect(r.text).toBe('upstream saw GET /a/b?q=1&q=2&x=%20y');
    expect(last().url).toBe('/a/b?q=1&q=2&x=%20y');
    await http(server.port, 'GET', '/a%2Fb/c%20d');
    expect(last().url).toBe('/a%2Fb/c%20d');
  });

  it('X3: a 404 from the upstream keeps its status and body', async () => {
    const r = await http(server.port, 'GET', '/missing');
    expect([r.status, r.text, r.headers['content-type']]).toEqual([404, 'nope', 'text/plain; charset=utf-8']);
  });

  it('X4: a JSON answer is streamed unchanged (uniflow re-encodes it)', async () => {
    const r = await http(server.port, 'GET', '/json', { Accept: '*/*' });
    expect([r.status, r.text, r.headers['content-type']]).toEqual([200, '{"b":1,"a":2}', 'application/json']);
  });

  it('X5: a POSTed JSON body reaches the upstream byte for byte (uniflow drops it, 9.14)', async () => {
    const body = '{"b": 1, "a": [2]}';
    const r = await http(server.port, 'POST', '/', { 'Content-Type': 'application/json', 'Content-Length': String(body.length) }, body);
    expect(r.status).toBe(200);
    const seen = last();
    expect([seen.method, seen.body.toString(), seen.headers['content-type'], seen.headers['content-length']]).toEqual(['POST', body, 'application/json', String(body.length)]);
  });

  it('X5: a gzip request body and a chunked body are forwarded as received', async () => {
    const zipped = gzipSync('{"z":1}');
    await http(server.port, 'PUT', '/', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, zipped);
    expect(last().headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(last().body).toString()).toBe('{"z":1}');
  });

  it('X7: Set-Cookie and CORS headers pass through (uniflow drops them, 9.13)', async () => {
    const r = await http(server.port, 'GET', '/cookie');
    expect(r.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(r.text).toBe('ok');
  });

  it('a compressed answer is streamed as is, Content-Encoding and Content-Length kept', async () => {
    const r = await http(server.port, 'GET', '/gzip', { 'Accept-Encoding': 'gzip' });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers['content-length']).toBe(String(GZIPPED.byteLength));
    expect(r.body.equals(GZIPPED)).toBe(true);
  });

  it('a large answer is streamed whole', async () => {
    const r = await http(server.port, 'GET', '/big');
    expect(r.body.byteLength).toBe(BIG.byteLength);
    expect(r.body.equals(BIG)).toBe(true);
  });

  it('a request body over the limit (1 MiB by default) gets 413', async () => {
    const r = await http(server.port, 'POST', '/', { 'Content-Type': 'application/octet-stream' }, Buffer.alloc(1024 * 1024 + 1));
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text).error).toMatch(/larger than 1048576 bytes/);
  });
});

describe('proxy behaviour beyond the example', () => {
  it('X6: an upstream that is down gives 502 with an empty body', async () => {
    const bundle = buildExample('examples/httpproxy.yaml');
    const server = await start(bundle, [], { PORT: '0', UPSTREAM: `http://127.0.0.1:${await closedPort()}/` });
    try {
      const r = await http(server.port, 'GET', '/');
      expect([r.status, r.text]).toEqual([502, '']);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });

  it('round-robin starts at the first URL; the target path is joined with the request path', async () => {
    const one = await startUpstream((req, res) => res.end(`one ${req.url}`));
    const two = await startUpstream((req, res) => res.end(`two ${req.url}`));
    const dir = tempDir();
    writeFileSync(
      join(dir, 'rr.yaml'),
      `- kind: listener\n  name: l\n  protocol: http\n  host: 127.0.0.1\n  port: '{{ .PORT }}'\n  ports:\n    out:\n      - name: p\n        port: in\n` +
        `- kind: proxy\n  name: p\n  urls: ['${one.url}base/', '${two.url}?k=v']\n`,
    );
    const out = join(dir, 'rr.mjs');
    const built = flowc(['build', join(dir, 'rr.yaml'), '-o', out]);
    expect(built.status, built.stderr).toBe(0);
    const server = await start(out, [], { PORT: '0' });
    try {
      const texts: string[] = [];
      for (let i = 0; i < 3; i++) texts.push((await http(server.port, 'GET', `/x?i=${i}`)).text);
      expect(texts).toEqual(['one /base/x?i=0', 'two /x?k=v&i=1', 'one /base/x?i=2']);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      await one.close();
      await two.close();
    }
  });
});
