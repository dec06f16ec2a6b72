import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSpec, http, listenerYaml, start, tempDir, type Started } from '../support/flowc.ts';
import { startUpstream } from '../support/upstream.ts';

const build = buildSpec;

/** Sends raw bytes on a new connection and resolves with everything received once the server closes it. */
function raw(port: number, data: string): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const began = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(data));
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, ms: Date.now() - began }));
  });
}

const ECHO = `
- kind: snippet
  name: echo
  language: javascript
  code: 'export default (req) => ({ status: 200, body: { size: typeof req.body === "string" ? req.body.length : -1 } })'
`;

describe('listener limits', () => {
  let server: Started;

  beforeAll(async () => {
    const bundle = build(`
- kind: listener
  name: l
  protocol: http
  host: 127.0.0.1
  port: '{{ .PORT }}'
  maxBodySize: 1kb
  headerTimeout: 300ms
  idleTimeout: 200ms
  maxRequestsPerConnection: 2
  ports:
    out: [{ name: echo, port: in }]
${ECHO}`);
    server = await start(bundle, [], { PORT: '0' });
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('binds the configured host', () => {
    expect(server.stderr()).toMatch(/serving http:\/\/127\.0\.0\.1:\d+/);
  });

  it('a body within the limit is served', async () => {
    const r = await http(server.port, 'POST', '/', { 'Content-Type': 'text/plain' }, 'x'.repeat(1024));
    expect([r.status, r.text]).toEqual([200, '{"size":1024}\n']);
  });

  it('a declared body over the limit gets 413 without being read, and the connection is closed', async () => {
    const r = await http(server.port, 'POST', '/', { 'Content-Type': 'text/plain' }, 'x'.repeat(1025));
    expect(r.status).toBe(413);
    expect(r.headers.connection).toBe('close');
    expect(JSON.parse(r.text)).toEqual({ error: 'request body larger than 1024 bytes' });
  });

  it('a chunked body that grows over the limit gets 413', async () => {
    const chunk = 'x'.repeat(600);
    const body = `258\r\n${chunk}\r\n258\r\n${chunk}\r\n0\r\n\r\n`;
    const { text } = await raw(server.port, `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n${body}`);
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('a client that never finishes its headers is cut off by the header timeout (408)', async () => {
    const { text, ms } = await raw(server.port, 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(5_000);
  });

  it('an idle keep-alive connection is closed after the idle timeout', async () => {
    const { text, ms } = await raw(server.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toMatch(/Keep-Alive: timeout=0?\.?2?/i);
    expect(ms).toBeLessThan(5_000);
  });

  it('a connection serves at most maxRequestsPerConnection requests', async () => {
    const get = 'GET / HTTP/1.1\r\nHost: x\r\n\r\n';
    const { text } = await raw(server.port, get + get + get);
    const statuses = text.match(/HTTP\/1\.1 \d+/g) ?? [];
    // The second answer announces the close; a request pipelined past the limit is refused (Node answers 503).
    expect(statuses).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200', 'HTTP/1.1 503']);
    expect(text.split('HTTP/1.1 200')[2]).toMatch(/Connection: close/);
  });
});

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

/** GET / over HTTPS from a server with a self-signed certificate; resolves with the body. */
function httpsText(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!hasOpenssl)('listener with TLS', () => {
  it('serves HTTPS with the given PEM cert and key; a proxy behind it sends X-Forwarded-Proto: https', async () => {
    const dir = tempDir();
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const upstream = await startUpstream((_req, res) => res.end('behind tls'));
    const bundle = build(`
- kind: listener
  name: l
  protocol: http
  port: '{{ .PORT }}'
  cert: '{{ .CERT }}'
  key: '{{ .KEY }}'
  ports:
    out: [{ name: p, port: in }]
- kind: proxy
  name: p
  urls: ['${upstream.url}']
`);
    const server = await start(bundle, [], { PORT: '0', CERT: readFileSync(join(dir, 'cert.pem'), 'utf8'), KEY: readFileSync(join(dir, 'key.pem'), 'utf8') });
    try {
      expect(server.stderr()).toMatch(/serving https:\/\//);
      expect(await httpsText(server.port)).toBe('behind tls');
      expect(upstream.seen[0]!.headers['x-forwarded-proto']).toBe('https');
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      await upstream.close();
    }
  });

  it('takes uniflow’s inline `tls: {cert, key}`, as PEM or as base64 of PEM', async () => {
    const dir = tempDir();
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    const indent = (text: string) => text.trimEnd().split('\n').map((line) => `      ${line}`).join('\n');
    const forms = [
      `    cert: |\n${indent(cert)}\n    key: |\n${indent(key)}`,
      `    cert: ${Buffer.from(cert).toString('base64')}\n    key: ${Buffer.from(key).toString('base64')}`,
    ];
    for (const tls of forms) {
      const bundle = build(`
- kind: listener
  name: l
  protocol: http
  port: '{{ .PORT }}'
  tls:
${tls}
  ports:
    out: [{ name: s, port: in }]
- kind: snippet
  name: s
  language: text
  code: secure
`);
      const server = await start(bundle, [], { PORT: '0' });
      try {
        expect(server.stderr()).toMatch(/serving https:\/\//);
        expect(await httpsText(server.port)).toBe('secure');
      } finally {
        server.child.kill('SIGTERM');
        expect(await server.exited).toBe(0);
      }
    }
  });

  it('inline `tls` that is neither PEM nor base64 of PEM is a start error naming the field', () => {
    const bundle = build(`
- kind: listener
  name: l
  protocol: http
  port: 0
  tls: { cert: not-a-certificate, key: aGVsbG8= }
`);
    const r = spawnSync(process.execPath, [bundle], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('`tls.cert` must be PEM text (`-----BEGIN …`) or base64 of it');
  });

  it('cert without key is a start error', () => {
    const bundle = build(`
- kind: listener
  name: l
  protocol: http
  port: 0
  cert: nope
`);
    const r = spawnSync(process.execPath, [bundle], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/`cert` and `key` go together/);
  });
});

describe('a listener that cannot bind', () => {
  const ping = () => buildSpec(`${listenerYaml('pong')}\n- kind: snippet\n  name: pong\n  language: text\n  code: pong\n`);

  it('names the listener and says the port is in use', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const r = spawnSync(process.execPath, [ping()], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, PORT: String(port) } });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`node \`l\` \\(.*spec\\.yaml:1:3\\): cannot listen on 127\\.0\\.0\\.1 port ${port}: another program \\(or another listener\\) is using it`));
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('reports a port out of range by the field, not with Node’s range error', () => {
    const r = spawnSync(process.execPath, [ping()], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, PORT: '99999' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/node `l` \(.*spec\.yaml:1:3\) field `port`: the rendered template is not an integer from 0 to 65535/);
  });
});
