import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { takeUpgrade } from './upgrade.ts';
import { createHost } from './host.ts';

/** Sends an upgrade request on a raw connection; resolves with what came back once the server closes it. */
function upgradeRequest(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('GET /x HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: something\r\n\r\n'));
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
  });
}

describe('host: upgrade requests', () => {
  it('reach the request handler; an ordinary answer is written and the connection closed, and the response emits close', async () => {
    let closed!: () => void;
    const responseClosed = new Promise<void>((resolve) => (closed = resolve));
    const listening = await createHost().listen({ host: '127.0.0.1', port: 0 }, (_req, res) => {
      res.once('close', closed);
      res.writeHead(200, { 'Content-Length': '2' });
      res.end('no');
    });
    try {
      expect(await upgradeRequest(listening.address.port)).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*Connection: close[\s\S]*\r\n\r\nno$/);
      await responseClosed;
    } finally {
      await listening.close();
    }
  });

  it('a handler can take the socket over; the response emits close when that socket closes', async () => {
    let closed!: () => void;
    const responseClosed = new Promise<void>((resolve) => (closed = resolve));
    const listening = await createHost().listen({ host: '127.0.0.1', port: 0 }, (req, res) => {
      res.once('close', closed);
      const raw = takeUpgrade(req);
      raw?.socket.end('taken over');
    });
    try {
      expect(await upgradeRequest(listening.address.port)).toBe('taken over');
      await responseClosed;
    } finally {
      await listening.close();
    }
  });
});
