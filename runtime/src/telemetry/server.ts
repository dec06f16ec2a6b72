import { createServer, type Server } from 'node:http';

/** Whether the program takes traffic: what is not ready now (`starting`, `draining`, sources); empty when ready. */
export interface ReadinessReport {
  notReady(): readonly string[];
}

export interface TelemetryEndpoint {
  readonly address: { readonly host: string; readonly port: number };
  close(): Promise<void>;
}

/** `127.0.0.1:9464`, `[::1]:9464`, `:9464` or `9464` (every interface). */
export function parseAddress(text: string): { host?: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text) ?? /^()()(\d+)$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port > 65535) throw new Error(`--metrics expects HOST:PORT (for example 127.0.0.1:9464), got ${JSON.stringify(text)}`);
  const host = m[1] || m[2] || undefined;
  return host ? { host, port } : { port };
}

/**
 * The telemetry endpoint, apart from the program's listeners: `/metrics` (Prometheus text, when
 * metrics are on), `/healthz` (200 while the process runs) and `/readyz` (200 only while ready; the 503
 * body names what is not).
 */
export function serveTelemetry(address: string, readiness: ReadinessReport, metrics?: { text(): Promise<string>; readonly contentType: string }): Promise<TelemetryEndpoint> {
  const { host, port } = parseAddress(address);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    if (path === '/healthz') return void res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok\n');
    if (path === '/readyz') {
      const reasons = readiness.notReady();
      const ready = reasons.length === 0;
      return void res.writeHead(ready ? 200 : 503, { 'Content-Type': 'text/plain; charset=utf-8' }).end(ready ? 'ready\n' : `not ready: ${reasons.join('; ')}\n`);
    }
    if (path === '/metrics' && metrics) {
      metrics.text().then(
        (text) => res.writeHead(200, { 'Content-Type': metrics.contentType }).end(text),
        (error: Error) => res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${error.message}\n`),
      );
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
  });
  // The endpoint must not keep a stopping program alive.
  server.unref();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      const bound = server.address();
      const at = typeof bound === 'object' && bound ? { host: bound.address, port: bound.port } : { host: host ?? '', port };
      resolve({ address: at, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
