import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSpec, http, start, type Started } from '../support/flowc.ts';

/**
 * Attacks on one bundle in which a single request tries to take the process's memory or CPU from the others
 * (issue 15 §2). Each attack is followed by an ordinary request that must still be answered.
 */
const SPEC = `
- kind: listener
  name: l
  protocol: http
  host: 127.0.0.1
  port: '{{ .PORT }}'
  maxBodySize: 1mb
  ports:
    out: [{ name: routes, port: in }]
- kind: router
  name: routes
  routes:
    - { method: POST, path: /size, port: 'out[0]' }
    - { method: GET, path: /ping, port: 'out[1]' }
  ports:
    out[0]: [{ name: size, port: in }]
    out[1]: [{ name: pong, port: in }]
- kind: snippet
  name: size
  language: javascript
  code: 'export default (req) => ({ size: typeof req.body === "string" ? req.body.length : req.body.byteLength ?? -1 })'
- kind: snippet
  name: pong
  language: text
  code: pong
`;

describe('one request cannot starve a bundle', () => {
  let server: Started;

  beforeAll(async () => {
    server = await start(buildSpec(SPEC), [], { PORT: '0' });
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  const stillServing = async (): Promise<void> => {
    const r = await http(server.port, 'GET', '/ping');
    expect([r.status, r.text]).toEqual([200, 'pong']);
  };

  describe('a compressed body is limited by its decoded size', () => {
    const decoded = 256 * 1024 * 1024;
    const bombs = {
      gzip: gzipSync(Buffer.alloc(decoded)),
      br: brotliCompressSync(Buffer.alloc(decoded)),
    };
    for (const [encoding, bomb] of Object.entries(bombs)) {
      it(`${encoding}: ${bomb.byteLength} bytes that inflate to 256 MiB get 413`, async () => {
        expect(bomb.byteLength).toBeLessThan(1024 * 1024);
        const r = await http(server.port, 'POST', '/size', { 'Content-Type': 'application/octet-stream', 'Content-Encoding': encoding }, bomb);
        expect(r.status).toBe(413);
        expect(r.headers.connection).toBe('close');
        expect(JSON.parse(r.text)).toEqual({ error: 'request body larger than 1048576 bytes' });
        await stillServing();
      });
    }

    it('a compressed body within the limit is decoded', async () => {
      const r = await http(server.port, 'POST', '/size', { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' }, gzipSync('x'.repeat(1000)));
      expect([r.status, r.text]).toEqual([200, '{"size":1000}\n']);
    });
  });

  describe('numbers JSON cannot represent', () => {
    for (const [name, headers] of [
      ['declared JSON', { 'Content-Type': 'application/json' }],
      ['detected JSON', {}],
    ] as const) {
      it(`${name}: 1e400 gets 400 at decode, not 500 at encode`, async () => {
        const r = await http(server.port, 'POST', '/size', headers, '{"n": 1e400}');
        expect(r.status).toBe(400);
        expect(JSON.parse(r.text)).toEqual({ error: 'invalid JSON body: a number is out of range (JSON numbers must fit a 64-bit float)' });
        await stillServing();
      });
    }
  });
});
