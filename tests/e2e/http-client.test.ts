import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, start, type Started } from '../support/flowc.ts';
import { buildObserved, otlpReceiver, webListener } from '../support/telemetry.ts';
import { startUpstream, type Upstream } from '../support/upstream.ts';

/** POST /find turns its JSON body into a GET with that body, sent by the `http` kind to the upstream. */
const spec = `${webListener('routes')}- kind: router
  name: routes
  routes:
    - { method: POST, path: /find, port: 'out[0]' }
  ports:
    out[0]: [{ name: query, port: in }]
- kind: snippet
  name: query
  language: cel
  code: '{"method": "GET", "path": "/search", "header": {"X-Request": ["find"]}, "body": self.body}'
  ports:
    out: [{ name: upstream, port: in }]
- kind: http
  name: upstream
  url: '{{ .UPSTREAM }}'
`;

describe('http kind: a GET with a body, end to end', () => {
  let upstream: Upstream;
  let server: Started;
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  beforeAll(async () => {
    receiver = await otlpReceiver();
    upstream = await startUpstream((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ got: req.method }));
    });
    const { bundle } = buildObserved(spec, 'tracing');
    server = await start(bundle, [], { PORT: '0', UPSTREAM: upstream.url, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
    await upstream.close();
    receiver.server.close();
  });

  it('reaches the upstream as GET with the body, its Content-Type and Content-Length, the headers and the trace', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const answer = await http(server.port, 'POST', '/find', { 'content-type': 'application/json', traceparent: `00-${traceId}-00f067aa0ba902b7-01` }, '{"name":"ada","tags":["x"]}');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ got: 'GET' });
    expect(upstream.seen).toHaveLength(1);
    const seen = upstream.seen[0]!;
    expect(seen.method).toBe('GET');
    expect(seen.url).toBe('/search');
    expect(JSON.parse(seen.body.toString())).toEqual({ name: 'ada', tags: ['x'] });
    expect(seen.headers['content-length']).toBe(String(seen.body.byteLength));
    expect(seen.headers['content-type']).toMatch(/^application\/json/);
    expect(seen.headers['transfer-encoding']).toBeUndefined();
    expect(seen.headers['x-request']).toBe('find');
    expect(seen.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });
});
