import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeResponse } from './respond.ts';

/** A server answering every request with the text of its `x-answer` header, through writeResponse. */
const server = createServer((req, res) => {
  const accept = req.headers.accept;
  const acceptEncoding = req.headers['accept-encoding'];
  writeResponse({ accept, acceptEncoding }, res, String(req.headers['x-answer']));
});
let port = 0;
beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => ((port = (server.address() as AddressInfo).port), resolve()))));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('writeResponse of a text answer', () => {
  it('writes the same response again from what it prepared, and prepares anew when the negotiation differs', async () => {
    const first = await get({ 'x-answer': 'pong' });
    const again = await get({ 'x-answer': 'pong' });
    expect(first.body.toString()).toBe('pong');
    expect(again.body.toString()).toBe('pong');
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.headers['content-length']).toBe('4');
    const gzipped = await get({ 'x-answer': 'pong', 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.body).toString()).toBe('pong');
    const other = await get({ 'x-answer': 'ping' });
    expect(other.body.toString()).toBe('ping');
    expect((await get({ 'x-answer': 'pong' })).headers['content-encoding']).toBeUndefined();
    const json = await get({ 'x-answer': 'pong', accept: 'application/json' });
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.body.toString()).toBe('"pong"\n');
  });
});
