import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { http, start } from '../support/flowc.ts';
import { buildObserved, otlpReceiver, webListener, type OtlpSpan } from '../support/telemetry.ts';

const spec = `${webListener('routes')}- kind: router
  name: routes
  routes:
    - { method: GET, path: /call, port: 'out[0]' }
    - { method: GET, path: /proxied, port: 'out[1]' }
  ports:
    out[0]: [{ name: upstream, port: in }]
    out[1]: [{ name: forward, port: in }]
- kind: http
  name: upstream
  url: '{{ .UPSTREAM }}'
- kind: proxy
  name: forward
  urls: ['{{ .UPSTREAM }}']
`;

function attribute(span: OtlpSpan, key: string): unknown {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value && Object.values(value)[0];
}

describe('tracing', () => {
  it('exports request and node spans over OTLP/HTTP and carries the trace through http and proxy to the upstream', async () => {
    const receiver = await otlpReceiver();
    const seen: IncomingHttpHeaders[] = [];
    const upstream = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      res.end('up');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { bundle } = buildObserved(spec, 'tracing');
    const server = await start(bundle, [], {
      PORT: '0',
      UPSTREAM: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'orders',
    });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpan = '00f067aa0ba902b7';
    const unsampledId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    try {
      const called = await http(server.port, 'GET', '/call', { traceparent: `00-${traceId}-${clientSpan}-01` });
      expect(called.status).toBe(200);
      const proxied = await http(server.port, 'GET', '/proxied', { traceparent: `00-${traceId}-${clientSpan}-01` });
      expect(proxied.status).toBe(200);
      expect((await http(server.port, 'GET', '/call')).status).toBe(200);
      // A parent that was not sampled: nothing is recorded, the trace still goes upstream (flag 00).
      expect((await http(server.port, 'GET', '/call', { traceparent: `00-${unsampledId}-${clientSpan}-00`, tracestate: 'vendor=kept' })).status).toBe(200);
    } finally {
      // Stopping flushes the spans still batched.
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      upstream.close();
      receiver.server.close();
    }
    expect(receiver.contentTypes.every((t) => t.startsWith('application/json'))).toBe(true);
    const spans = receiver.spans;
    const requests = spans.filter((s) => s.kind === 2);
    expect(requests.map((s) => s.name).sort()).toEqual(['GET /call', 'GET /call', 'GET /proxied']);
    const [call, proxy] = ['GET /call', 'GET /proxied'].map((name) => requests.find((s) => s.name === name && s.traceId === traceId)!);
    for (const request of [call!, proxy!]) {
      expect(request.parentSpanId).toBe(clientSpan);
      expect(attribute(request, 'http.response.status_code')).toBe(200);
      expect(attribute(request, 'flowc.listener')).toBe('web');
    }
    const child = (parent: OtlpSpan, node: string): OtlpSpan => spans.find((s) => s.parentSpanId === parent.spanId && s.name === node)!;
    const callNode = child(call!, 'upstream');
    expect(callNode.traceId).toBe(traceId);
    expect(attribute(callNode, 'flowc.kind')).toBe('http');
    expect(attribute(callNode, 'flowc.port')).toBe('in');
    expect(String(attribute(callNode, 'code.location'))).toMatch(/spec\.yaml:16:3$/);
    expect(child(call!, 'routes')).toBeDefined();
    const proxyNode = child(proxy!, 'forward');
    expect(attribute(proxyNode, 'flowc.kind')).toBe('proxy');
    // The upstream continues the trace from the node that called it.
    expect(seen[0]!.traceparent).toBe(`00-${traceId}-${callNode.spanId}-01`);
    expect(seen[1]!.traceparent).toBe(`00-${traceId}-${proxyNode.spanId}-01`);
    // Without a traceparent the request starts a trace of its own, and the upstream joins it.
    const fresh = requests.find((s) => s.traceId !== traceId)!;
    expect(fresh.parentSpanId ?? '').toBe('');
    expect(seen[2]!.traceparent).toBe(`00-${fresh.traceId}-${child(fresh, 'upstream').spanId}-01`);
    expect(seen[3]!.traceparent).toMatch(new RegExp(`^00-${unsampledId}-[0-9a-f]{16}-00$`));
    expect(seen[3]!.tracestate).toBe('vendor=kept');
    expect(spans.filter((s) => s.traceId === unsampledId)).toEqual([]);
  });
});
