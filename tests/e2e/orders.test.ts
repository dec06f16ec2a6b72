import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExample, http, start, type Response, type Started } from '../support/flowc.ts';

interface Line {
  readonly sku: string;
  readonly qty: number;
  readonly unit_price: number;
}

/** examples/orders.yaml built into a temp folder and driven over loopback HTTP: every route and branch. */
describe('examples/orders.yaml bundle', () => {
  let server: Started;

  beforeAll(async () => {
    server = await start(buildExample('examples/orders.yaml'), [], { PORT: '0' });
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  const get = (path: string): Promise<Response> => http(server.port, 'GET', path, { Accept: 'application/json' });
  const post = (path: string, body: unknown): Promise<Response> =>
    http(server.port, 'POST', path, { Accept: 'application/json', 'Content-Type': 'application/json' }, JSON.stringify(body));
  const json = (r: Response): unknown => JSON.parse(r.text);
  const quote = (lines: readonly Line[]): Promise<Response> => post('/orders/quote', { lines });

  describe('GET /orders/:id (route param, if)', () => {
    it('a stored order → 200 with the order (if: out[0])', async () => {
      const r = await get('/orders/1001');
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(json(r)).toEqual({
        id: 1001,
        customer: 'ada',
        state: 'paid',
        lines: [
          { sku: 'notebook', qty: 2, unit_price: 1250 },
          { sku: 'pen', qty: 3, unit_price: 120 },
        ],
      });
      expect(json(await get('/orders/1002'))).toMatchObject({ id: 1002, customer: 'grace' });
    });

    it('an unknown id → 404 naming the id from the route param (if: out[1])', async () => {
      const r = await get('/orders/9999');
      expect(r.status).toBe(404);
      expect(json(r)).toEqual({ error: 'no order 9999' });
    });
  });

  describe('POST /orders/quote (if, for, reduce, switch)', () => {
    it('for over two lines → each line priced in order, reduce sums them; no switch match → standard shipping echoed', async () => {
      const r = await quote([
        { sku: 'notebook', qty: 2, unit_price: 1250 },
        { sku: 'pen', qty: 3, unit_price: 120 },
      ]);
      expect(r.status).toBe(200);
      expect(json(r)).toEqual({
        lines: [
          { sku: 'notebook', qty: 2, unit_price: 1250, total: 2500 },
          { sku: 'pen', qty: 3, unit_price: 120, total: 360 },
        ],
        subtotal: 2860,
        shipping: 495,
        total: 3355,
      });
    });

    it('for over one line (its answer is not a list) is priced the same way', async () => {
      const r = await quote([{ sku: 'pen', qty: 3, unit_price: 120 }]);
      expect(json(r)).toEqual({ lines: [{ sku: 'pen', qty: 3, unit_price: 120, total: 360 }], subtotal: 360, shipping: 495, total: 855 });
    });

    it('for over many lines keeps their order and the reduce sees every one', async () => {
      const lines = Array.from({ length: 25 }, (_, i): Line => ({ sku: `sku-${i}`, qty: i + 1, unit_price: 10 }));
      const body = json(await quote(lines)) as { lines: Array<Line & { total: number }>; subtotal: number };
      expect(body.lines.map((l) => l.sku)).toEqual(lines.map((l) => l.sku));
      expect(body.lines.map((l) => l.total)).toEqual(lines.map((l) => l.qty * 10));
      expect(body.subtotal).toBe(10 * ((25 * 26) / 2));
    });

    it('for over an empty list answers [] at once; switch case 1 (nothing to ship) → free shipping', async () => {
      const r = await quote([]);
      expect(r.status).toBe(200);
      expect(json(r)).toEqual({ lines: [], subtotal: 0, shipping: 0, total: 0 });
    });

    it('switch case 2: a subtotal of 100.00 or more ships free', async () => {
      const r = await quote([{ sku: 'desk-lamp', qty: 4, unit_price: 2500 }]);
      expect(json(r)).toEqual({ lines: [{ sku: 'desk-lamp', qty: 4, unit_price: 2500, total: 10000 }], subtotal: 10000, shipping: 0, total: 10000 });
    });

    it('switch case 3: a subtotal of 50.00 or more gets reduced shipping', async () => {
      const r = await quote([{ sku: 'desk-lamp', qty: 2, unit_price: 2500 }]);
      expect(json(r)).toMatchObject({ subtotal: 5000, shipping: 195, total: 5195 });
      expect(json(await quote([{ sku: 'desk-lamp', qty: 1, unit_price: 4999 }]))).toMatchObject({ subtotal: 4999, shipping: 495, total: 5494 });
    });

    it('concurrent quotes never share a reduce accumulator (one per request)', async () => {
      const all = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          quote([
            { sku: 'a', qty: 1, unit_price: i },
            { sku: 'b', qty: 2, unit_price: i },
          ]),
        ),
      );
      expect(all.map((r) => (json(r) as { subtotal: number }).subtotal)).toEqual(Array.from({ length: 40 }, (_, i) => 3 * i));
    });

    it('an invalid body → 400 (if: out[1]), whatever is wrong with it', async () => {
      for (const body of [{}, { lines: 'pen' }, { lines: [{ sku: 'pen', qty: 0, unit_price: 1 }] }, { lines: [{ sku: 'pen', qty: 1 }] }, { lines: [7] }, ['x']]) {
        const r = await post('/orders/quote', body);
        expect([r.status, (json(r) as { error: string }).error], JSON.stringify(body)).toEqual([400, expect.stringContaining('`lines`')]);
      }
    });
  });

  describe('POST /orders/:id/payments (try + retry)', () => {
    it('the gateway times out on the first attempt; the retry recovers → 201 after 2 attempts', async () => {
      const r = await post('/orders/1001/payments', { amount: 2860, card: '4242424242424242' });
      expect(r.status).toBe(201);
      expect(json(r)).toEqual({ order: 1001, amount: 2860, card: '**** 4242', state: 'captured', attempts: 2 });
    });

    it('attempts are counted per request: concurrent payments each recover on their own second attempt', async () => {
      const all = await Promise.all(Array.from({ length: 20 }, (_, i) => post(`/orders/${2000 + i}/payments`, { amount: 100 + i, card: '4242424242424242' })));
      expect(all.map((r) => r.status)).toEqual(all.map(() => 201));
      expect(all.map((r) => json(r))).toEqual(all.map((_, i) => ({ order: 2000 + i, amount: 100 + i, card: '**** 4242', state: 'captured', attempts: 2 })));
    });

    it('a declined card fails every retry; try routes the last error to its handler → 402', async () => {
      const r = await post('/orders/1001/payments', { amount: 2860, card: '4000000000000002' });
      expect(r.status).toBe(402);
      expect(json(r)).toEqual({ error: 'card declined' });
    });

    it('an invalid payment body → 400 without calling the gateway', async () => {
      for (const body of [{ card: '4242424242424242' }, { amount: 0, card: '4242424242424242' }, { amount: 10, card: 4242 }]) {
        const r = await post('/orders/1001/payments', body);
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect((json(r) as { error: string }).error).toContain('`amount`');
      }
    });
  });

  describe('router', () => {
    it('unknown paths → 404, including an id that is not a number', async () => {
      for (const path of ['/orders', '/orders/abc', '/orders/1001/', '/orders/1001/payments/1', '/']) {
        const r = await http(server.port, 'GET', path);
        expect([r.status, r.text], path).toEqual([404, 'Not Found']);
      }
    });

    it('a known path with another method → 405 with Allow', async () => {
      const del = await http(server.port, 'DELETE', '/orders/1001');
      expect([del.status, del.text, del.headers.allow]).toEqual([405, 'Method Not Allowed', 'OPTIONS, GET']);
      const getPayments = await http(server.port, 'GET', '/orders/1001/payments');
      expect([getPayments.status, getPayments.headers.allow]).toEqual([405, 'OPTIONS, POST']);
      const putQuote = await http(server.port, 'PUT', '/orders/quote', { 'Content-Type': 'application/json' }, '{}');
      expect([putQuote.status, putQuote.headers.allow]).toEqual([405, 'OPTIONS, POST']);
    });
  });
});
