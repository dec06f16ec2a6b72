import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startUpstream, type Upstream } from '../../../tests/support/upstream.ts';
import type { Kind } from '../core/kind.ts';
import { ProcessAborted } from '../core/process.ts';
import { addNode, addProbe, gate, running, testProgram } from '../testing/graph.ts';
import http from './http.ts';

const kind = http as Kind<never>;

describe('http (client)', () => {
  let upstream: Upstream;
  const hanging = gate();
  const hangClosed = gate();
  const hangingWithBody = gate();
  const hangWithBodyClosed = gate();
  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      if (req.url === '/hang') {
        res.once('close', () => hangClosed.open());
        return hanging.open();
      }
      if (req.url === '/hang-body') {
        res.once('close', () => hangWithBodyClosed.open());
        return hangingWithBody.open();
      }
      if (req.url.startsWith('/slow')) return void setTimeout(() => res.end('late'), 2_000).unref();
      if (req.url === '/missing') {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        return void res.end('{"error":"nope"}');
      }
      if (req.url.startsWith('/moved/')) {
        const [, , status, to] = req.url.split('/');
        res.writeHead(Number(status), { Location: `/${to}` });
        return void res.end();
      }
      if (req.url === '/gzip') {
        res.writeHead(200, [['Content-Type', 'text/plain'], ['Content-Encoding', 'gzip'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']].flat());
        return void res.end(gzipSync('unzipped'));
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, url: req.url, auth: req.headers.authorization ?? null, type: req.headers['content-type'] ?? null, body: req.body.toString() }));
    });
  });
  afterAll(() => upstream.close());

  function program(url: string, extra: Record<string, unknown> = {}) {
    const p = testProgram();
    addNode(p, 'client', kind, { url, ...extra });
    return p;
  }

  it('sends method, joined path, merged query, every header and the encoded body', async () => {
    await running(program(`${upstream.url}api?v=2`), async (run) => {
      const answer = (await run.send('client', 'in', {
        method: 'PUT',
        path: '/items/a b',
        query: { q: ['1', '2'] },
        header: { Authorization: ['Bearer t'], 'Content-Type': ['application/json'], Connection: ['close'] },
        body: { b: 1, a: 2 },
      })) as Record<string, unknown>;
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ method: 'PUT', url: '/api/items/a%20b?q=1&q=2&v=2', auth: 'Bearer t', type: 'application/json', body: '{"a":2,"b":1}\n' });
      expect((answer.header as Record<string, string[]>)['Content-Type']).toEqual(['application/json']);
    });
  });

  it('defaults to GET without a body and POST with one; a non-map payload is the body', async () => {
    await running(program(upstream.url), async (run) => {
      expect(((await run.send('client', 'in', {})) as { body: { method: string } }).body.method).toBe('GET');
      const posted = (await run.send('client', 'in', 'plain text')) as { body: { method: string; type: string; body: string } };
      expect(posted.body).toMatchObject({ method: 'POST', type: 'text/plain; charset=utf-8', body: 'plain text' });
    });
  });

  it('keeps non-2xx statuses as ordinary answers; decodes compressed bodies; keeps every Set-Cookie', async () => {
    await running(program(upstream.url), async (run) => {
      const missing = (await run.send('client', 'in', { path: '/missing' })) as Record<string, unknown>;
      expect([missing.status, missing.body]).toEqual([404, { error: 'nope' }]);
      const zipped = (await run.send('client', 'in', { path: '/gzip' })) as { body: unknown; header: Record<string, string[]> };
      expect(zipped.body).toBe('unzipped');
      expect(zipped.header['Set-Cookie']).toEqual(['a=1', 'b=2']);
      expect(zipped.header['Content-Encoding']).toBeUndefined();
    });
  });

  it('sends a GET or HEAD with a body as Go does: the encoded body, its Content-Type and Content-Length', async () => {
    await running(program(`${upstream.url}api`), async (run) => {
      const from = upstream.seen.length;
      const got = (await run.send('client', 'in', { method: 'GET', path: '/search', query: { q: ['x'] }, header: { 'X-Id': ['7'] }, body: { b: 1, a: 2 } })) as Record<string, unknown>;
      expect(got.status).toBe(200);
      expect(got.body).toEqual({ method: 'GET', url: '/api/search?q=x', auth: null, type: 'application/json; charset=utf-8', body: '{"a":2,"b":1}\n' });
      const sent = upstream.seen[from]!;
      expect(sent.headers['content-length']).toBe('14');
      expect(sent.headers['x-id']).toBe('7');
      expect(sent.headers['transfer-encoding']).toBeUndefined();
      const head = (await run.send('client', 'in', { method: 'head', body: 'q=1' })) as Record<string, unknown>;
      expect([head.method, head.status, head.body]).toEqual(['HEAD', 200, '']);
      const headSent = upstream.seen[from + 1]!;
      expect([headSent.method, headSent.headers['content-length'], headSent.headers['content-type'], headSent.body.toString()]).toEqual(['HEAD', '3', 'text/plain; charset=utf-8', 'q=1']);
    });
  });

  it('follows redirects of a GET with a body as Go does: 307/308 repeat the body, 301/302/303 drop it', async () => {
    await running(program(upstream.url), async (run) => {
      const from = upstream.seen.length;
      const kept = (await run.send('client', 'in', { method: 'GET', path: '/moved/307/landing', body: 'data' })) as { body: Record<string, unknown>; path: string };
      expect(kept.body).toMatchObject({ method: 'GET', url: '/landing', body: 'data', type: 'text/plain; charset=utf-8' });
      expect(kept.path).toBe('/landing');
      const dropped = (await run.send('client', 'in', { method: 'GET', path: '/moved/302/landing', body: 'data' })) as { body: Record<string, unknown> };
      expect(dropped.body).toMatchObject({ method: 'GET', url: '/landing', body: '', type: null });
      expect(upstream.seen.slice(from).map((r) => [r.url, r.body.toString()])).toEqual([
        ['/moved/307/landing', 'data'],
        ['/landing', 'data'],
        ['/moved/302/landing', 'data'],
        ['/landing', ''],
      ]);
      const zipped = (await run.send('client', 'in', { method: 'GET', path: '/gzip', body: 'x' })) as { body: unknown; header: Record<string, string[]> };
      expect(zipped.body).toBe('unzipped');
      expect(zipped.header['Set-Cookie']).toEqual(['a=1', 'b=2']);
      expect(zipped.header['Content-Encoding']).toBeUndefined();
    });
  });

  it('timeouts and connection errors are errors', async () => {
    await running(program(upstream.url, { timeout: '100ms' }), async (run) => {
      const late = (await run.send('client', 'in', { path: '/slow' })) as Error;
      expect(late).toBeInstanceOf(Error);
      expect(late.message).toMatch(/no answer within 100 ms/);
      const lateWithBody = (await run.send('client', 'in', { method: 'GET', path: '/slow', body: 'x' })) as Error;
      expect(lateWithBody.message).toMatch(/^http: GET http:\S+\/slow: no answer within 100 ms$/);
    });
    await running(program(`http://127.0.0.1:${await closedPort()}/`), async (run) => {
      const refused = (await run.send('client', 'in', {})) as Error;
      expect(refused).toBeInstanceOf(Error);
      expect(refused.message).toMatch(/ECONNREFUSED/);
      const refusedWithBody = (await run.send('client', 'in', { method: 'GET', body: 'x' })) as Error;
      expect(refusedWithBody.message).toMatch(/: ECONNREFUSED$/);
    });
  });

  it.each([
    ['a GET', { path: '/hang' }, hanging, hangClosed],
    ['a GET with a body (node:http)', { method: 'GET', path: '/hang-body', body: 'x' }, hangingWithBody, hangWithBodyClosed],
  ])('abandons %s, closing the upstream connection, when its process is aborted', async (_, request, arrived, closed) => {
    const p = testProgram();
    const driver = addProbe(p, 'driver', (payload, io) => {
      void arrived.promise.then(() => io.proc.abort(new ProcessAborted('the client disconnected')));
      return io.send('out', payload);
    });
    p.connect(driver.output('out'), addNode(p, 'client', kind, { url: upstream.url }).input('in'));
    await running(p, async (run) => {
      const answer = (await run.send('driver', 'in', request)) as Error;
      expect(answer.message).toBe(`http: GET ${upstream.url}${request.path.slice(1)}: abandoned: the client disconnected`);
      await closed.promise;
    });
  });
});
