import { describe, expect, it } from 'vitest';
import { consume, type ConsumerFeed, type ConsumerMessage, type ConsumerOptions, type ConsumerSubscription } from './consume.ts';
import { FlowError } from './packet.ts';
import { OutPort, type InHandler } from './port.ts';
import type { Process } from './process.ts';
import { createResources } from './resources.ts';
import type { HostServices } from './services.ts';

function deferred<T = void>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A host that shares resources (as the real one does) and keeps its log lines. */
function testHost(): HostServices & { lines: string[] } {
  const resources = createResources();
  const lines: string[] = [];
  return {
    lines,
    listen: () => Promise.reject(new Error('no sockets here')),
    write: () => 0,
    log: (level, message) => void lines.push(`${level}: ${message}`),
    acquire: resources.acquire,
  };
}

/** A node context whose `out` (and, when given, `error`) run test handlers. */
function node(host: HostServices, flow: InHandler, onError?: InHandler) {
  const ports = new Map<string, OutPort>();
  const out = (name: string): OutPort => {
    let port = ports.get(name);
    if (!port) {
      port = new OutPort(name);
      if (name === 'out') port.connect(flow);
      if (name === 'error' && onError) port.connect(onError);
      ports.set(name, port);
    }
    return port;
  };
  return { name: 'c', host, out };
}

/** A broker double: counts opens, stops and closes, and records how each message was settled. */
function broker() {
  const settled: string[] = [];
  const events: string[] = [];
  let feed: ConsumerFeed | undefined;
  const opened: ConsumerFeed[] = [];
  let nextOpen = deferred<ConsumerFeed>();
  const message = (id: string, body: unknown = id): ConsumerMessage => ({
    payload: () => ({ id, body }),
    ack: (answer) => void settled.push(`ack ${id} ${JSON.stringify(answer)}`),
    reject: (error) => void settled.push(`reject ${id} ${error.message}`),
  });
  const subscription: ConsumerSubscription = {
    stop: () => void events.push('stop'),
    close: () => void events.push('close'),
  };
  const open = async (f: ConsumerFeed): Promise<ConsumerSubscription> => {
    events.push('open');
    feed = f;
    opened.push(f);
    nextOpen.resolve(f);
    nextOpen = deferred();
    return subscription;
  };
  return {
    settled,
    events,
    opened,
    message,
    open,
    get feed(): ConsumerFeed {
      return feed!;
    },
    nextOpen: () => nextOpen.promise,
  };
}

function options(b: ReturnType<typeof broker>, extra: Partial<ConsumerOptions> = {}): ConsumerOptions {
  return { key: 'k', label: 'test `c`', maxInFlight: 4, retryDelay: 0, open: b.open, ...extra };
}

describe('consume', () => {
  it('acks a message only after the flow answered, with the answer', async () => {
    const b = broker();
    const host = testHost();
    const gate = deferred();
    const c = consume(
      node(host, async (payload) => {
        await gate.promise;
        return { seen: (payload as { id: string }).id };
      }),
      options(b),
    );
    await c.load();
    expect(c.ready).toBe(true);
    b.feed.deliver(b.message('m1'));
    expect(c.inFlight).toBe(1);
    expect(b.settled).toEqual([]);
    gate.resolve();
    await c.unload();
    expect(b.settled).toEqual(['ack m1 {"seen":"m1"}']);
    expect(b.events).toEqual(['open', 'stop', 'close']);
  });

  it('ends the process (its transactions) before the ack', async () => {
    const b = broker();
    const order: string[] = [];
    const c = consume(
      node(testHost(), (_payload, proc: Process) => {
        proc.onExit(() => void order.push('exit'));
        return 'ok';
      }),
      {
        ...options(b),
        open: async (f) => {
          const sub = await b.open(f);
          return sub;
        },
      },
    );
    await c.load();
    const message = b.message('m');
    b.feed.deliver({ ...message, ack: (answer) => void order.push(`ack ${String(answer)}`) });
    await c.unload();
    expect(order).toEqual(['exit', 'ack ok']);
  });

  it('settles a message of a synchronous flow within deliver, freeing its slot at once', async () => {
    const b = broker();
    const order: string[] = [];
    const c = consume(
      node(testHost(), (payload, proc: Process) => {
        const id = (payload as { id: string }).id;
        proc.onExit(() => void order.push(`exit ${id}`));
        return id;
      }),
      options(b, { maxInFlight: 1 }),
    );
    await c.load();
    // Exit hooks make the process end asynchronously; without them the whole message is settled in the call.
    b.feed.deliver(b.message('hooked'));
    expect(b.settled).toEqual([]);
    await c.unload();
    expect(order).toEqual(['exit hooked']);
    expect(b.settled).toEqual(['ack hooked "hooked"']);

    const b2 = broker();
    const plain = consume(
      node(testHost(), (payload) => (payload as { id: string }).id),
      options(b2, { maxInFlight: 1 }),
    );
    await plain.load();
    for (let i = 0; i < 3; i++) b2.feed.deliver(b2.message(`s${i}`));
    expect(b2.settled).toEqual(['ack s0 "s0"', 'ack s1 "s1"', 'ack s2 "s2"']);
    expect(plain.inFlight).toBe(0);
    expect(b2.feed.free).toBe(1);
    await plain.unload();
  });

  it('retries a failing flow a bounded number of times, then rejects', async () => {
    const b = broker();
    const host = testHost();
    let attempts = 0;
    const c = consume(
      node(host, (payload) => {
        attempts++;
        (payload as { touched?: boolean }).touched = true;
        return new FlowError('boom');
      }),
      options(b, { retries: 2 }),
    );
    await c.load();
    b.feed.deliver(b.message('m'));
    await c.unload();
    expect(attempts).toBe(3);
    expect(b.settled).toEqual(['reject m boom']);
    expect(host.lines.filter((l) => l.startsWith('warn'))).toHaveLength(2);
    expect(host.lines.some((l) => l.startsWith('error') && l.includes('failed 3 time(s)'))).toBe(true);
  });

  it('gives each attempt a fresh payload, and a thrown handler is an error answer', async () => {
    const b = broker();
    const seen: unknown[] = [];
    const c = consume(
      node(testHost(), (payload) => {
        seen.push(structuredClone(payload));
        (payload as { body: string }).body = 'changed';
        if (seen.length === 1) throw new Error('first try fails');
        return 'done';
      }),
      options(b, { retries: 1 }),
    );
    await c.load();
    b.feed.deliver(b.message('m', 'original'));
    await c.unload();
    expect(seen).toEqual([
      { id: 'm', body: 'original' },
      { id: 'm', body: 'original' },
    ]);
    expect(b.settled).toEqual(['ack m "done"']);
  });

  it('lets a wired error port handle a failure, which then acks', async () => {
    const b = broker();
    const c = consume(
      node(
        testHost(),
        () => new FlowError('bad input'),
        (error) => `handled: ${(error as Error).message}`,
      ),
      options(b),
    );
    await c.load();
    b.feed.deliver(b.message('m'));
    await c.unload();
    expect(b.settled).toEqual(['ack m "handled: bad input"']);
  });

  it('rejects at once a message that cannot be read', async () => {
    const b = broker();
    let ran = false;
    const c = consume(
      node(testHost(), () => {
        ran = true;
      }),
      options(b),
    );
    await c.load();
    b.feed.deliver({ ...b.message('m'), payload: () => JSON.parse('{') as unknown });
    await c.unload();
    expect(ran).toBe(false);
    expect(b.settled).toHaveLength(1);
    expect(b.settled[0]).toMatch(/^reject m /);
  });

  it('keeps at most maxInFlight messages in the flow; the rest wait in order', async () => {
    const b = broker();
    const gates = new Map<string, { resolve(): void }>();
    let running = 0;
    let most = 0;
    const started: string[] = [];
    const c = consume(
      node(testHost(), async (payload) => {
        const id = (payload as { id: string }).id;
        started.push(id);
        running++;
        most = Math.max(most, running);
        const gate = deferred();
        gates.set(id, gate);
        await gate.promise;
        running--;
        return id;
      }),
      options(b, { maxInFlight: 3 }),
    );
    await c.load();
    expect(b.feed.free).toBe(3);
    for (let i = 0; i < 8; i++) b.feed.deliver(b.message(`m${i}`));
    expect(started).toEqual(['m0', 'm1', 'm2']);
    expect(b.feed.free).toBe(0);
    const freed = b.feed.whenFree();
    gates.get('m1')!.resolve();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['m0', 'm1', 'm2', 'm3']);
    for (let i = 0; i < 8; i++) {
      gates.get(`m${i}`)?.resolve();
      await new Promise((r) => setImmediate(r));
    }
    await freed;
    await c.unload();
    expect(most).toBe(3);
    expect(started).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    expect(b.settled).toHaveLength(8);
  });

  it('lets a pull consumer fetch as many as there are free slots', async () => {
    const b = broker();
    const c = consume(
      node(testHost(), () => 'ok'),
      options(b, { maxInFlight: 2 }),
    );
    await c.load();
    const feed = b.feed;
    let pulled = 0;
    while (pulled < 5) {
      await feed.whenFree();
      for (let n = feed.free; n > 0 && pulled < 5; n--) feed.deliver(b.message(`p${pulled++}`));
    }
    await c.unload();
    expect(b.settled).toHaveLength(5);
    expect(feed.stopped).toBe(true);
    expect(feed.free).toBe(0);
  });

  it('keeps the subscription across a hot swap: in-flight messages finish on the old version, new ones go to the new', async () => {
    const b = broker();
    const host = testHost();
    const gate = deferred();
    const old = consume(
      node(host, async (payload) => {
        await gate.promise;
        return `old ${(payload as { id: string }).id}`;
      }),
      options(b),
    );
    const next = consume(
      node(host, (payload) => `new ${(payload as { id: string }).id}`),
      options(b),
    );
    await old.load();
    b.feed.deliver(b.message('a'));
    await next.load();
    b.feed.deliver(b.message('b'));
    const unloaded = old.unload();
    await new Promise((r) => setImmediate(r));
    expect(b.settled).toEqual(['ack b "new b"']);
    gate.resolve();
    await unloaded;
    expect(b.settled).toEqual(['ack b "new b"', 'ack a "old a"']);
    // One connection, never stopped by the swap.
    expect(b.events).toEqual(['open']);
    b.feed.deliver(b.message('c'));
    await next.unload();
    expect(b.settled.at(-1)).toBe('ack c "new c"');
    expect(b.events).toEqual(['open', 'stop', 'close']);
  });

  it('keeps the old version consuming when a new version fails to start', async () => {
    const b = broker();
    const host = testHost();
    const old = consume(
      node(host, () => 'old'),
      options(b),
    );
    const failed = consume(
      node(host, () => 'failed'),
      options(b),
    );
    await old.load();
    await failed.load();
    await failed.unload();
    b.feed.deliver(b.message('m'));
    await old.unload();
    expect(b.settled).toEqual(['ack m "old"']);
    expect(b.events).toEqual(['open', 'stop', 'close']);
  });

  it('on stop, runs what arrived until the broker confirmed the stop, then nothing, and closes after the acks', async () => {
    const b = broker();
    const gate = deferred();
    const confirm = deferred();
    const c = consume(
      node(testHost(), async (payload) => {
        await gate.promise;
        return (payload as { id: string }).id;
      }),
      {
        ...options(b, { maxInFlight: 1 }),
        open: async (feed) => {
          await b.open(feed);
          return { stop: () => (b.events.push('stop'), confirm.promise), close: () => void b.events.push('close') };
        },
      },
    );
    await c.load();
    const feed = b.feed;
    feed.deliver(b.message('in-flight'));
    feed.deliver(b.message('queued'));
    const stopped = c.unload();
    await new Promise((r) => setImmediate(r));
    expect(b.events).toEqual(['open', 'stop']);
    expect(feed.stopped).toBe(true);
    feed.deliver(b.message('before-confirm'));
    confirm.resolve();
    await new Promise((r) => setImmediate(r));
    feed.deliver(b.message('after-confirm'));
    gate.resolve();
    await stopped;
    // What came after the broker confirmed the stop was never in the flow: unacked, the broker redelivers it.
    expect(b.settled).toEqual(['ack in-flight "in-flight"', 'ack queued "queued"', 'ack before-confirm "before-confirm"']);
    expect(b.events).toEqual(['open', 'stop', 'close']);
  });

  it('retries a connection that cannot open, with backoff and a log line, in the background', async () => {
    const b = broker();
    const host = testHost();
    let failures = 2;
    const c = consume(
      node(host, () => 'ok'),
      options(b, {
        backoff: { initial: 1, max: 2 },
        open: async (feed) => {
          if (failures-- > 0) throw new Error('ECONNREFUSED');
          return b.open(feed);
        },
      }),
    );
    const opened = b.nextOpen();
    await c.load();
    expect(c.ready).toBe(false);
    await opened;
    // `open` has returned; the channel takes the subscription on the next turn.
    await new Promise((r) => setImmediate(r));
    expect(c.ready).toBe(true);
    expect(host.lines.filter((l) => l.includes('cannot connect (ECONNREFUSED)'))).toHaveLength(2);
    expect(host.lines.some((l) => l.includes('connected again'))).toBe(true);
    await c.unload();
  });

  it('fails the start on a fatal first failure (refused credentials)', async () => {
    const c = consume(
      node(testHost(), () => 'ok'),
      {
        key: 'k',
        label: 'test',
        maxInFlight: 1,
        open: () => Promise.reject(new Error('not authorised')),
        isFatal: (error) => (error as Error).message === 'not authorised',
      },
    );
    await expect(c.load()).rejects.toThrow('not authorised');
    expect(c.ready).toBe(false);
  });

  it('reopens a connection lost for good; the old feed goes quiet', async () => {
    const b = broker();
    const host = testHost();
    const c = consume(
      node(host, (payload) => (payload as { id: string }).id),
      options(b, { backoff: { initial: 1, max: 1 } }),
    );
    await c.load();
    const first = b.feed;
    const reopened = b.nextOpen();
    first.lost(new Error('socket closed'));
    const second = await reopened;
    expect(first.stopped).toBe(true);
    first.deliver(b.message('stale'));
    second.deliver(b.message('fresh'));
    await c.unload();
    expect(b.settled).toEqual(['ack fresh "fresh"']);
    expect(b.events).toEqual(['open', 'close', 'open', 'stop', 'close']);
    expect(host.lines.some((l) => l.includes('connection lost (socket closed)'))).toBe(true);
  });

  it('reports a library-managed reconnect through down and up', async () => {
    const b = broker();
    const host = testHost();
    const c = consume(
      node(host, () => 'ok'),
      options(b),
    );
    await c.load();
    b.feed.down(new Error('keepalive timeout'));
    b.feed.down(new Error('still down'));
    expect(c.ready).toBe(false);
    b.feed.up();
    expect(c.ready).toBe(true);
    await c.unload();
    expect(host.lines.filter((l) => l.includes('connection lost'))).toHaveLength(1);
    expect(host.lines.filter((l) => l.includes('connected again'))).toHaveLength(1);
  });

  it('refuses a maxInFlight below 1', () => {
    const b = broker();
    expect(() => consume(node(testHost(), () => 'ok'), options(b, { maxInFlight: 0 }))).toThrow('maxInFlight');
  });

  it('opens a private subscription on a host that does not share resources', async () => {
    const b = broker();
    const host = testHost();
    const { acquire: _shared, ...plain } = host;
    const c = consume(node(plain, () => 'ok'), options(b));
    await c.load();
    b.feed.deliver(b.message('m'));
    await c.unload();
    expect(b.settled).toEqual(['ack m "ok"']);
    expect(b.events).toEqual(['open', 'stop', 'close']);
  });
});
