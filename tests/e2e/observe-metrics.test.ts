import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { http, start } from '../support/flowc.ts';
import { buildObserved, metricsPort, parsePrometheus, sample, webListener } from '../support/telemetry.ts';

const spec = `${webListener('routes')}- kind: router
  name: routes
  routes:
    - { method: GET, path: /ok, port: 'out[0]' }
    - { method: GET, path: '/fail/:id', port: 'out[1]' }
  ports:
    out[0]: [{ name: ok, port: in }]
    out[1]: [{ name: fail, port: in }]
- kind: snippet
  name: ok
  language: text
  code: ok
- kind: throw
  name: fail
  message: refused
`;

describe('metrics', () => {
  it('count exactly the traffic sent: per node, per route and status, with the serving hash', async () => {
    const { bundle, hash } = buildObserved(spec, 'metrics');
    const server = await start(bundle, ['--metrics', '127.0.0.1:0'], { PORT: '0' });
    try {
      const port = await metricsPort(server);
      for (let i = 0; i < 3; i++) expect((await http(server.port, 'GET', '/ok')).status).toBe(200);
      // Two different paths, one route: the label is the route as written, not the path.
      expect((await http(server.port, 'GET', '/fail/1')).status).toBe(500);
      expect((await http(server.port, 'GET', '/fail/2')).status).toBe(500);
      expect((await http(server.port, 'GET', '/nowhere')).status).toBe(404);
      const scraped = await http(port, 'GET', '/metrics');
      expect(scraped.status).toBe(200);
      expect(scraped.headers['content-type']).toContain('text/plain');
      const samples = parsePrometheus(scraped.text);
      const requests = (route: string, status: string): number | undefined => sample(samples, 'flowc_http_requests_total', { listener: 'web', method: 'GET', route, status });
      expect(requests('/ok', '200')).toBe(3);
      expect(requests('/fail/:id', '500')).toBe(2);
      expect(requests('', '404')).toBe(1);
      expect(samples.filter((s) => s.name === 'flowc_http_requests_total')).toHaveLength(3);
      const node = (name: string, node: string): number | undefined => sample(samples, name, { namespace: 'default', node, port: 'in' });
      expect(node('flowc_node_packets_total', 'routes')).toBe(6);
      expect(node('flowc_node_packets_total', 'ok')).toBe(3);
      expect(node('flowc_node_packets_total', 'fail')).toBe(2);
      expect(node('flowc_node_errors_total', 'fail')).toBe(2);
      // A node's answer includes what it sent downstream: the router answered the two errors too.
      expect(node('flowc_node_errors_total', 'routes')).toBe(2);
      expect(node('flowc_node_errors_total', 'ok')).toBeUndefined();
      expect(node('flowc_node_duration_seconds_count', 'ok')).toBe(3);
      expect(sample(samples, 'flowc_node_duration_seconds_bucket', { node: 'ok', le: '+Inf' })).toBe(3);
      expect(sample(samples, 'flowc_swaps_total')).toBe(0);
      expect(sample(samples, 'flowc_serving_info', { namespace: 'default', hash })).toBe(1);
      expect(sample(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);
      expect(sample(samples, 'nodejs_eventloop_lag_seconds')).toBeDefined();
      expect((await http(port, 'GET', '/healthz')).status).toBe(200);
      expect((await http(port, 'GET', '/readyz')).text).toBe('ready\n');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('a bundle built without metrics refuses --metrics and says how to build it', async () => {
    const { bundle } = buildObserved(spec, 'logs');
    const server = await start(bundle, ['--metrics', '127.0.0.1:0'], { PORT: '0' }, false);
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toContain('flowc build --observe metrics');
  });
});

const proxySpec = `${webListener('upstream')}- kind: http
  name: upstream
  url: '{{ .UPSTREAM }}'
`;

describe('readiness', () => {
  it('turns to not ready on SIGTERM while the listener still finishes the request in flight', async () => {
    let held: ServerResponse | undefined;
    let arrived!: () => void;
    const received = new Promise<void>((resolve) => (arrived = resolve));
    const upstream = createServer((_req, res) => {
      held = res;
      arrived();
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { bundle } = buildObserved(proxySpec, 'metrics');
    const server = await start(bundle, ['--metrics', '127.0.0.1:0'], { PORT: '0', UPSTREAM: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
    try {
      const port = await metricsPort(server);
      expect((await http(port, 'GET', '/readyz')).status).toBe(200);
      const inFlight = http(server.port, 'GET', '/slow');
      await received;
      server.child.kill('SIGTERM');
      await server.waitForStderr('SIGTERM: stopping');
      const draining = await http(port, 'GET', '/readyz');
      expect(draining.status).toBe(503);
      expect(draining.text).toBe('not ready: draining\n');
      expect((await http(port, 'GET', '/healthz')).status).toBe(200);
      // The listener has not closed: the request it accepted is still answered.
      held!.end('from upstream');
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.text).toBe('from upstream');
      expect(await server.exited).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
      upstream.close();
    }
  });
});
