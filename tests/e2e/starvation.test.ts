import { connect, type Socket } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSpec, http, listenerYaml, start, type Started } from '../support/flowc.ts';

/**
 * Attacks on one bundle in which a single request tries to take the process's memory or CPU from the others
 * (issue 15 §2). Each attack is followed by an ordinary request that must still be answered.
 */
const SPEC = `
${listenerYaml('routes', ['maxBodySize: 1mb'])}
- kind: router
  name: routes
  routes:
    - { method: POST, path: /size, port: 'out[0]' }
    - { method: GET, path: /ping, port: 'out[1]' }
    - { method: POST, path: /lines, port: 'out[2]' }
    - { method: GET, path: /wait, port: 'out[3]' }
  ports:
    out[0]: [{ name: size, port: in }]
    out[1]: [{ name: pong, port: in }]
    out[2]: [{ name: lines, port: in }]
    out[3]: [{ name: started, port: in }]
- kind: snippet
  name: size
  language: javascript
  code: 'export default (req) => ({ size: typeof req.body === "string" ? req.body.length : req.body.byteLength ?? -1 })'
- kind: snippet
  name: pong
  language: text
  code: pong
# Collects the lines of the body with a fold: every running value is kept by the join of \`for\`.
- kind: snippet
  name: lines
  language: cel
  code: 'self.body.split("\\n")'
  ports:
    out: [{ name: each, port: in }]
- kind: for
  name: each
  ports:
    out[0]: [{ name: collect, port: in }]
    out[1]: [{ name: summary, port: in }]
- kind: reduce
  name: collect
  init: []
  action: 'self[0] + [self[1]]'
- kind: snippet
  name: summary
  language: javascript
  code: 'export default (runs) => ({ runs: runs.length, last: runs[runs.length - 1].length, first: runs[runs.length - 1][0] })'
# Says that the request arrived, then waits far longer than any test.
- kind: snippet
  name: started
  language: javascript
  code: 'export default (req) => { process.stdout.write("waiting on " + req.path + "\\n"); return req }'
  ports:
    out: [{ name: nap, port: in }]
- kind: sleep
  name: nap
  interval: 1h
`;

/** Sends a request on a raw connection and resolves with the socket once the bytes are written. */
function send(port: number, data: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(data, () => resolve(socket)));
    socket.on('error', reject);
  });
}

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

  it('a fold over a 4,000-line body answers, and other requests are served after it', async () => {
    const body = Array.from({ length: 4000 }, (_, i) => `line ${i} of the body`).join('\n');
    const r = await http(server.port, 'POST', '/lines', { 'Content-Type': 'text/plain' }, body);
    expect([r.status, JSON.parse(r.text)]).toEqual([200, { runs: 4000, last: 4000, first: 'line 0 of the body' }]);
    await stillServing();
  });

  it("a client that disconnects aborts its request's work (a sleep of an hour ends at once)", async () => {
    const socket = await send(server.port, 'GET /wait HTTP/1.1\r\nHost: t\r\n\r\n');
    await server.waitForStdout('waiting on /wait');
    socket.destroy();
    await server.waitForStderr('request GET /wait: the client disconnected');
    await stillServing();
  });
});

describe('a listener deadline', () => {
  let server: Started;

  beforeAll(async () => {
    server = await start(
      buildSpec(`
${listenerYaml('routes', ['deadline: 300ms'])}
- kind: router
  name: routes
  routes:
    - { method: GET, path: /slow, port: 'out[0]' }
    - { method: GET, path: /fast, port: 'out[1]' }
  ports:
    out[0]: [{ name: nap, port: in }]
    out[1]: [{ name: quick, port: in }]
- kind: sleep
  name: nap
  interval: 1h
- kind: snippet
  name: quick
  language: javascript
  code: 'export default async () => "in time"'
`),
      [],
      { PORT: '0' },
    );
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('answers 504 once it passes, and aborts the work', async () => {
    const r = await http(server.port, 'GET', '/slow');
    expect([r.status, JSON.parse(r.text)]).toEqual([504, { error: "no answer within the listener's deadline (300 ms)" }]);
    await server.waitForStderr("request GET /slow: no answer within the listener's deadline (300 ms)");
  });

  it('requests answered in time are not affected', async () => {
    const r = await http(server.port, 'GET', '/fast');
    expect([r.status, r.text]).toEqual([200, 'in time']);
  });
});
