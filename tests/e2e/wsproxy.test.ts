import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { buildExample, buildSpec, http, start, type Started } from '../support/flowc.ts';

interface UpstreamConnection {
  readonly socket: WebSocket;
  readonly closed: Promise<{ code: number; reason: string }>;
}

/** A local echo server standing in for the public echo service (§7.4). */
async function echoServer(): Promise<{ url: string; connections: UpstreamConnection[]; next(): Promise<UpstreamConnection>; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const connections: UpstreamConnection[] = [];
  const waiting: Array<(c: UpstreamConnection) => void> = [];
  server.on('connection', (socket) => {
    const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    socket.on('message', (data: RawData, isBinary) => socket.send(data as Buffer, { binary: isBinary }));
    const connection = { socket, closed };
    connections.push(connection);
    waiting.shift()?.(connection);
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    connections,
    next: () => new Promise((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

function connect(port: number): Promise<{ ws: WebSocket; status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    let status = 0;
    ws.once('upgrade', (res) => (status = res.statusCode ?? 0));
    ws.once('open', () => resolve({ ws, status }));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) => ws.once('message', (data: RawData, isBinary) => resolve({ data: data as Buffer, isBinary })));
}

/** Acceptance cases W1–W8 of the uniflow reference (§7.4); frames pass through unchanged (uniflow re-encodes them, 9.32). */
describe('examples/wsproxy.yaml bundle', () => {
  let upstream: Awaited<ReturnType<typeof echoServer>>;
  let server: Started;

  beforeAll(async () => {
    upstream = await echoServer();
    server = await start(buildExample('examples/wsproxy.yaml'), [], { PORT: '0', UPSTREAM: upstream.url });
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await upstream?.close();
  });

  it('W1: GET /ws without upgrade headers → 400 Bad Request, Sec-Websocket-Version: 13', async () => {
    const opened = upstream.next();
    const r = await http(server.port, 'GET', '/ws');
    expect([r.status, r.text, r.headers['sec-websocket-version']]).toEqual([400, 'Bad Request\n', '13']);
    // The upstream connection the same request opened (the example wires both `io`s) is not left behind.
    await (await opened).closed;
  });

  it('W2–W6: the handshake answers 101 and text, JSON, form-looking and binary frames come back unchanged', async () => {
    const { ws, status } = await connect(server.port);
    expect(status).toBe(101);
    const cases: Array<[string | Buffer, boolean]> = [
      ['hello', false],
      ['{"b":1,"a":2}', false],
      ['a=1', false],
      ['123', false],
      [Buffer.from([0x00, 0xff]), true],
    ];
    for (const [sent, binary] of cases) {
      const reply = nextMessage(ws);
      ws.send(sent, { binary });
      const { data, isBinary } = await reply;
      expect(isBinary).toBe(binary);
      expect(Buffer.compare(data, Buffer.from(sent))).toBe(0);
    }
    ws.close();
  });

  it('frames keep their order', async () => {
    const { ws } = await connect(server.port);
    const got: string[] = [];
    const all = new Promise<void>((resolve) =>
      ws.on('message', (data: RawData) => {
        got.push(String(data));
        if (got.length === 200) resolve();
      }),
    );
    for (let i = 0; i < 200; i++) ws.send(`m${i}`);
    await all;
    expect(got).toEqual(Array.from({ length: 200 }, (_, i) => `m${i}`));
    ws.close();
  });

  it('W7: when the client closes, the upstream connection is closed too (with the client’s code)', async () => {
    const opened = upstream.next();
    const { ws } = await connect(server.port);
    const connection = await opened;
    ws.close(4001, 'bye');
    expect(await connection.closed).toEqual({ code: 4001, reason: 'bye' });
  });

  it('when the upstream closes, the client is closed too', async () => {
    const opened = upstream.next();
    const { ws } = await connect(server.port);
    const connection = await opened;
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    connection.socket.close(4002, 'gone');
    expect(await closed).toBe(4002);
  });

  it('W8: POST /ws → 405 with Allow', async () => {
    const r = await http(server.port, 'POST', '/ws');
    expect([r.status, r.text, r.headers.allow]).toEqual([405, 'Method Not Allowed', 'OPTIONS, GET']);
  });
});

describe('examples/wsproxy.yaml with its upstream down', () => {
  it('closes the client connection at once with 1014 and a reason, and keeps serving', async () => {
    // A port that was just free and is closed again: nothing listens there.
    const free = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => free.once('listening', resolve));
    const port = (free.address() as AddressInfo).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    const server = await start(buildExample('examples/wsproxy.yaml'), [], { PORT: '0', UPSTREAM: `ws://127.0.0.1:${port}/` });
    try {
      for (let i = 0; i < 2; i++) {
        const { ws } = await connect(server.port);
        const closed = await new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
        expect(closed).toEqual({ code: 1014, reason: 'bad gateway: the upstream cannot be reached' });
      }
      expect(server.stderr()).toContain(`websocket: ws://127.0.0.1:${port}/: connect ECONNREFUSED`);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });
});

describe('uniflow’s current name `upgrader` for `gateway`', () => {
  it('builds and proxies like the example written with `gateway`', async () => {
    const upstream = await echoServer();
    const spec = readFileSync('examples/wsproxy.yaml', 'utf8').replace('- kind: gateway', '- kind: upgrader');
    expect(spec).toContain('- kind: upgrader');
    const server = await start(buildSpec(spec), [], { PORT: '0', UPSTREAM: upstream.url });
    try {
      const { ws, status } = await connect(server.port);
      expect(status).toBe(101);
      const reply = nextMessage(ws);
      ws.send('hello');
      expect(String((await reply).data)).toBe('hello');
      ws.close();
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      await upstream.close();
    }
  });
});
