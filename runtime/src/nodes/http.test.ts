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
  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      if (req.url === '/hang') {
        res.once('close', () => hangClosed.open());
        return hanging.open();
      }
      if (req.url.startsWith('/slow')) return void setTimeout(() => res.end('late'), 2_000).unref();
      if (req.url === '/missing') {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        return void res.end('{"error":"nope"}');
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

  it('timeouts and connection errors are errors', async () => {
    await running(program(upstream.url, { timeout: '100ms' }), async (run) => {
      const late = (await run.send('client', 'in', { path: '/slow' })) as Error;
      expect(late).toBeInstanceOf(Error);
      expect(late.message).toMatch(/no answer within 100 ms/);
    });
    await running(program(`http://127.0.0.1:${await closedPort()}/`), async (run) => {
      const refused = (await run.send('client', 'in', {})) as Error;
      expect(refused).toBeInstanceOf(Error);
      expect(refused.message).toMatch(/ECONNREFUSED/);
    });
  });

  it('abandons the exchange, closing the upstream connection, when its process is aborted', async () => {
    const p = testProgram();
    const driver = addProbe(p, 'driver', (payload, io) => {
      void hanging.promise.then(() => io.proc.abort(new ProcessAborted('the client disconnected')));
      return io.send('out', payload);
    });
    p.connect(driver.output('out'), addNode(p, 'client', kind, { url: upstream.url }).input('in'));
    await running(p, async (run) => {
      const answer = (await run.send('driver', 'in', { path: '/hang' })) as Error;
      expect(answer.message).toBe(`http: GET ${upstream.url}hang: abandoned: the client disconnected`);
      await hangClosed.promise;
    });
  });
});
