import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Kind } from '../core/kind.ts';
import { NONE } from '../core/packet.ts';
import { addNode, addSnippet, running, testProgram } from '../testing/graph.ts';
import cache, { LruStore } from './cache.ts';
import nop from './nop.ts';

const kind = cache as Kind<never>;

/** A cache in front of a lookup that counts its calls; `fail` decides which inputs fail. */
function build(fields: Record<string, unknown>, fail: (x: unknown) => boolean = () => false) {
  const calls: unknown[] = [];
  const program = testProgram();
  const node = addNode(program, 'cache', kind, fields);
  const lookup = addSnippet(program, 'lookup', (x) => {
    calls.push(x);
    if (fail(x)) throw new Error(`lookup ${JSON.stringify(x)} failed`);
    return { value: x, call: calls.length };
  });
  program.connect(node.output('out'), lookup.input('in'));
  return { program, calls };
}

describe('cache', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers a repeated input from memory without touching `out`', async () => {
    const { program, calls } = build({});
    await running(program, async (run) => {
      expect(await run.send('cache', 'in', 'a')).toEqual({ value: 'a', call: 1 });
      expect(await run.send('cache', 'in', 'a')).toEqual({ value: 'a', call: 1 });
      expect(await run.send('cache', 'in', 'b')).toEqual({ value: 'b', call: 2 });
    });
    expect(calls).toEqual(['a', 'b']);
  });

  it('compares inputs by value: key order does not matter, types do', async () => {
    const { program, calls } = build({});
    await running(program, async (run) => {
      await run.send('cache', 'in', { a: 1, b: [1, { c: 2 }] });
      await run.send('cache', 'in', { b: [1, { c: 2 }], a: 1 });
      await run.send('cache', 'in', 1);
      await run.send('cache', 'in', '1');
      await run.send('cache', 'in', [1]);
      await run.send('cache', 'in', new Uint8Array([1, 2]));
      await run.send('cache', 'in', new Uint8Array([1, 2]));
    });
    expect(calls).toHaveLength(5);
  });

  it('does not cache errors', async () => {
    const { program, calls } = build({}, (x) => x === 'bad');
    await running(program, async (run) => {
      expect(((await run.send('cache', 'in', 'bad')) as Error).message).toBe('lookup "bad" failed');
      expect(((await run.send('cache', 'in', 'bad')) as Error).message).toBe('lookup "bad" failed');
    });
    expect(calls).toEqual(['bad', 'bad']);
  });

  it('evicts the least recently used entry beyond `capacity`', async () => {
    const { program, calls } = build({ capacity: 2 });
    await running(program, async (run) => {
      for (const key of ['a', 'b', 'a', 'c', 'a', 'b']) await run.send('cache', 'in', key);
    });
    // a, b miss; a hits and becomes most recent; c evicts b; a hits; b misses again.
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });

  it('forgets an entry once `interval` has passed since it was stored', async () => {
    const { program, calls } = build({ interval: '10s' });
    await running(program, async (run) => {
      await run.send('cache', 'in', 'a');
      vi.advanceTimersByTime(9_999);
      await run.send('cache', 'in', 'a');
      expect(calls).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(await run.send('cache', 'in', 'a')).toEqual({ value: 'a', call: 2 });
      await run.send('cache', 'in', 'a');
    });
    expect(calls).toEqual(['a', 'a']);
  });

  it('never expires entries with interval 0 and is unbounded with capacity 0', async () => {
    const { program, calls } = build({ interval: 0, capacity: 0 });
    await running(program, async (run) => {
      for (let i = 0; i < 50; i++) await run.send('cache', 'in', i);
      vi.advanceTimersByTime(365 * 24 * 3600 * 1000);
      for (let i = 0; i < 50; i++) await run.send('cache', 'in', i);
    });
    expect(calls).toHaveLength(50);
  });

  it('caches the input itself when `out` is unwired', async () => {
    const program = testProgram();
    addNode(program, 'cache', kind);
    await running(program, async (run) => {
      expect(await run.send('cache', 'in', { a: 1 })).toEqual({ a: 1 });
    });
  });

  it('caches a None answer too', async () => {
    const program = testProgram();
    const node = addNode(program, 'cache', kind);
    program.connect(node.output('out'), addNode(program, 'sink', nop as Kind<never>).input('in'));
    await running(program, async (run) => {
      expect(await run.send('cache', 'in', 1)).toBe(NONE);
      expect(await run.send('cache', 'in', 1)).toBe(NONE);
    });
  });
});

describe('LruStore', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sweeps expired entries that are never asked for again', () => {
    const store = new LruStore(0, 1_000);
    for (let i = 0; i < 10; i++) store.set(String(i), i);
    vi.advanceTimersByTime(1_000);
    store.set('fresh', 1);
    expect(store.size).toBe(1);
  });

  it('drops an expired entry when it is read', () => {
    const store = new LruStore(0, 100);
    store.set('a', 1);
    vi.advanceTimersByTime(100);
    expect(store.get('a')).toBeUndefined();
    expect(store.size).toBe(0);
  });
});
