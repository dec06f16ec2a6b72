import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import listener from '../nodes/listener.ts';
import snippet from '../nodes/snippet.ts';
import { createHost } from './host.ts';
import { Type } from '@sinclair/typebox';
import { defineKind, implement } from './kind.ts';
import { NONE } from './packet.ts';
import { Program } from './program.ts';
import type { HostServices } from './services.ts';
import { Supervisor } from './supervisor.ts';

const get = (port: number): Promise<string> =>
  new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });

/** Records what a version's `term` saw, to tell when it unloaded. */
function version(name: string, answer: (input: unknown) => unknown, events: string[]): Program {
  const recordDefinition = defineKind({ kind: 'record', description: '', schema: Type.Object({}), inputs: { in: {} }, outputs: {}, implementation: './supervisor.test.ts' });
  const record = implement(recordDefinition, { create: () => ({ inputs: { in: () => (events.push(`${name} term`), NONE) } }) });
  const p = new Program({ namespace: 't', hash: name });
  const http = p.node({ id: 'l', name: 'http', kind: listener as never, fields: { protocol: 'http', host: '127.0.0.1', port: 0 } });
  const reply = p.node({ id: 's', name: 'reply', kind: snippet as never, fields: { language: 'javascript', code: 'x' }, modules: { code: { default: answer } } });
  const sink = p.node({ id: 'r', name: 'record', kind: record as never, fields: {} });
  p.connect(http.output('out'), reply.input('in'));
  p.connect(reply.output('term'), sink.input('in'));
  return p;
}

describe('Supervisor (hot swap)', () => {
  it('new requests go to the new version; a request in flight finishes on the old one, which then fires term', async () => {
    const events: string[] = [];
    let port = 0;
    const base = createHost();
    const host: HostServices = {
      ...base,
      listen: async (options, handler) => {
        const l = await base.listen(options, handler);
        port = l.address.port;
        return l;
      },
      log: () => undefined,
    };
    let release: (value: string) => void = () => undefined;
    const slow = new Promise<string>((resolve) => (release = resolve));
    let received: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (received = resolve));
    const supervisor = new Supervisor(host, {});
    let calls = 0;
    // Only the first request waits; any other request v1 still gets answers at once.
    await supervisor.swap(version('v1', () => (calls++ === 0 ? (received(), slow) : 'v1 again'), events));
    const inFlight = get(port);
    // The v1 request is being served (its answer is pending) when v2 takes over.
    await arrived;
    const swapped = supervisor.swap(version('v2', () => 'from v2', events));
    // The port is the same socket: a new request is answered by v2 while v1 still drains.
    const next = await waitFor(() => get(port).then((body) => (body === 'from v2' ? body : undefined)));
    expect(next).toBe('from v2');
    expect(events).toEqual([]);
    release('from v1');
    expect(await inFlight).toBe('from v1');
    const result = await swapped;
    expect(result.hash).toBe('v2');
    expect(events).toEqual(['v1 term']);
    await supervisor.stop();
    expect(events).toEqual(['v1 term', 'v2 term']);
  });

  it('a version that fails to start never replaces the running one', async () => {
    const supervisor = new Supervisor({ ...createHost(), log: () => undefined }, {});
    const good = new Program({ namespace: 't', hash: 'good' });
    good.node({ id: 'n', name: 'n', kind: snippet as never, fields: { language: 'text', code: 'ok' } });
    await supervisor.swap(good);
    const broken = new Program({ namespace: 't', hash: 'broken' });
    broken.node({ id: 'l', name: 'http', kind: listener as never, fields: { protocol: 'http', port: -1 } });
    await expect(supervisor.swap(broken)).rejects.toThrow();
    expect(supervisor.hash).toBe('good');
    await supervisor.stop();
  });
});

/** Retries a request until it yields a value: the swap hands the socket over asynchronously. */
async function waitFor<T>(attempt: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
  }
}

describe('Supervisor: state across a swap', () => {
  it('a cache whose spec did not change keeps its entries; a changed one starts empty', async () => {
    const { default: cache } = await import('../nodes/cache.ts');
    let calls = 0;
    const build = (hash: string, capacity: number): Program => {
      const p = new Program({ namespace: 't', hash });
      const c = p.node({ id: 'cache', name: 'cache', kind: cache as never, fields: { capacity } });
      const lookup = p.node({ id: 'lookup', name: 'lookup', kind: snippet as never, fields: { language: 'javascript', code: 'x' }, modules: { code: { default: (x: unknown) => `${hash}:${String(x)}:${++calls}` } } });
      p.connect(c.output('out'), lookup.input('in'));
      return p;
    };
    const supervisor = new Supervisor({ ...createHost(), log: () => undefined }, {});
    const send = (payload: string): Promise<unknown> => supervisor.running!.send('cache', 'in', payload);
    await supervisor.swap(build('v1', 10));
    expect(await send('a')).toBe('v1:a:1');
    await supervisor.swap(build('v2', 10));
    // Same cache spec: the entry computed by v1 is still there.
    expect(await send('a')).toBe('v1:a:1');
    await supervisor.swap(build('v3', 5));
    expect(await send('a')).toBe('v3:a:2');
    await supervisor.stop();
  });
});

describe('Supervisor: a listener that changes port', () => {
  it('binds the new port before the old one closes', async () => {
    const order: string[] = [];
    const base = createHost();
    const host: HostServices = {
      ...base,
      log: () => undefined,
      listen: async (options, handler) => {
        const l = await base.listen(options, handler);
        order.push(`listen ${options.host}`);
        return { address: l.address, close: async () => (order.push(`close ${options.host}`), l.close()) };
      },
    };
    const versionOn = (address: string): Program => {
      const p = new Program({ namespace: 't', hash: address });
      const http = p.node({ id: 'l', name: 'http', kind: listener as never, fields: { protocol: 'http', host: address, port: 0 } });
      const reply = p.node({ id: 's', name: 'reply', kind: snippet as never, fields: { language: 'text', code: address } });
      p.connect(http.output('out'), reply.input('in'));
      return p;
    };
    const supervisor = new Supervisor(host, {});
    await supervisor.swap(versionOn('127.0.0.1'));
    await supervisor.swap(versionOn('127.0.0.2'));
    expect(order).toEqual(['listen 127.0.0.1', 'listen 127.0.0.2', 'close 127.0.0.1']);
    await supervisor.stop();
    expect(order.at(-1)).toBe('close 127.0.0.2');
  });
});
