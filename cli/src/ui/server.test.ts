import { describe, expect, it } from 'vitest';
import { Debugger } from '@flowc/runtime/debug/debugger';
import { startLiveView } from './server.ts';

describe('live view server', () => {
  it('needs no token on loopback', async () => {
    const live = await startLiveView({ address: '127.0.0.1:0', debug: new Debugger() });
    try {
      expect(live.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect((await fetch(live.url)).status).toBe(200);
      expect((await fetch(new URL('/graph', live.url))).status).toBe(503);
    } finally {
      await live.close();
    }
  });

  it('asks for the printed token on any other address', async () => {
    const live = await startLiveView({ address: '0.0.0.0:0', debug: new Debugger() });
    try {
      const url = new URL(live.url);
      const token = url.searchParams.get('token')!;
      expect(token.length).toBeGreaterThan(20);
      const base = `http://127.0.0.1:${url.port}`;
      expect((await fetch(`${base}/`)).status).toBe(401);
      expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
      expect((await fetch(`${base}/?token=${token}`)).status).toBe(200);
      expect((await fetch(`${base}/graph`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(503);
    } finally {
      await live.close();
    }
  });
});
