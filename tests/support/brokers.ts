// Helpers for the end-to-end tests of broker kinds (extensions/*): specs built with an extension's kinds,
// topics of their own per test, and waiting on conditions instead of sleeping.
import { writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { flowc, ROOT, tempDir, type Started } from './flowc.ts';

/** Builds a spec given as YAML text with the kinds of the named extensions (`mqtt`, `nats`). */
export function buildWithExtensions(spec: string, extensions: readonly string[]): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'spec.yaml'), spec);
  const out = join(dir, 'spec.mjs');
  const kinds = extensions.flatMap((name) => ['--kinds', join(ROOT, 'extensions', name, 'src/index.ts')]);
  const r = flowc(['build', join(dir, 'spec.yaml'), '-o', out, ...kinds]);
  if (r.status !== 0) throw new Error(`flowc build failed:\n${r.stderr}`);
  return out;
}

/** A name no other test (or earlier run) uses: topics and subjects of one test never collide. */
export function uniqueName(test: string): string {
  return `flowc-${test}-${process.pid}-${Date.now().toString(36)}`;
}

/**
 * Resolves once `done()` holds, re-checked whenever `onChange` fires. The guard turns a hang into a
 * readable failure; it is not a timing assertion.
 */
export function until(done: () => boolean, subscribe: (check: () => void) => () => void, what: () => string, guardMs = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let unsubscribe = (): void => undefined;
    const guard = setTimeout(() => {
      unsubscribe();
      reject(new Error(`still waiting: ${what()}`));
    }, guardMs);
    guard.unref();
    const check = (): void => {
      if (!done()) return;
      clearTimeout(guard);
      unsubscribe();
      resolve();
    };
    unsubscribe = subscribe(check);
    check();
  });
}

/** `until`'s `subscribe` for a set of change listeners. */
export function subscribeTo(listeners: Set<() => void>): (check: () => void) => () => void {
  return (check) => {
    listeners.add(check);
    return () => listeners.delete(check);
  };
}

/** Counts ids: how many distinct, and which came more than once. */
export class IdCounter {
  private readonly seen = new Map<number, number>();
  private readonly listeners = new Set<() => void>();
  readonly by = new Map<string, number>();

  add(id: number, by = ''): void {
    this.seen.set(id, (this.seen.get(id) ?? 0) + 1);
    this.by.set(by, (this.by.get(by) ?? 0) + 1);
    for (const listener of this.listeners) listener();
  }

  get distinct(): number {
    return this.seen.size;
  }

  get total(): number {
    let n = 0;
    for (const count of this.seen.values()) n += count;
    return n;
  }

  get duplicates(): number {
    return this.total - this.distinct;
  }

  has(id: number): boolean {
    return this.seen.has(id);
  }

  /** How many times `id` was counted. */
  times(id: number): number {
    return this.seen.get(id) ?? 0;
  }

  /** Resolves once `done()` holds, checked on every id counted. */
  until(done: () => boolean, what: string, guardMs?: number): Promise<void> {
    return until(
      done,
      subscribeTo(this.listeners),
      () => `${what} (distinct ${this.distinct}, total ${this.total})`,
      guardMs,
    );
  }
}

/** Resolves once the process's log satisfies `done` (re-checked on each chunk; guarded against a hang). */
export function logged(instance: Started, done: () => boolean): Promise<void> {
  return until(
    done,
    (check) => {
      instance.child.stderr!.on('data', check);
      return () => instance.child.stderr!.off('data', check);
    },
    () => instance.stderr().slice(-3000),
  );
}

/** SIGTERM, and the exit code. */
export function stop(instance: Started): Promise<number | null> {
  instance.child.kill('SIGTERM');
  return instance.exited;
}

/** A port nothing listens on now (taken from the system, then let go). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A TCP proxy on an ephemeral port in front of a broker on 127.0.0.1: forwards, or — once cut — closes every
 * connection it has and each new one at once, noting when each came (a client's reconnect attempts).
 */
export class TcpProxy {
  readonly dials: number[] = [];
  private readonly sockets = new Set<Socket>();
  private cutOff = false;
  private readonly listeners = new Set<() => void>();
  private readonly upstreamListeners = new Set<(chunk: Buffer, connection: number) => void>();
  private nextId = 1;
  private readonly server: Server;

  constructor(upstreamPort: number) {
    this.server = createServer((socket) => this.accept(socket, upstreamPort));
  }

  private accept(socket: Socket, upstreamPort: number): void {
    this.dials.push(Date.now());
    for (const listener of this.listeners) listener();
    if (this.cutOff) return void socket.destroy();
    const upstream = connect(upstreamPort, '127.0.0.1');
    // Each write goes out at once, as on a direct connection: no Nagle delay added by the proxy.
    socket.setNoDelay(true);
    upstream.setNoDelay(true);
    const id = this.nextId++;
    socket.on('data', (chunk: Buffer) => {
      const written = upstream.write(chunk, () => {
        for (const listener of this.upstreamListeners) listener(chunk, id);
      });
      if (!written) socket.pause();
    });
    upstream.on('drain', () => socket.resume());
    socket.on('end', () => upstream.end());
    upstream.pipe(socket);
    for (const [a, b] of [[socket, upstream], [upstream, socket]] as const) {
      this.sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        this.sockets.delete(a);
        b.destroy();
      });
    }
  }

  /** Resolves with the port it listens on. */
  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port)));
  }

  /**
   * Calls `listener` with each chunk a client sent, once it was written to the upstream socket, and the
   * number of the client connection it came on (1, 2… in dial order). Returns a function that stops it.
   */
  onUpstream(listener: (chunk: Buffer, connection: number) => void): () => void {
    this.upstreamListeners.add(listener);
    return () => this.upstreamListeners.delete(listener);
  }

  cut(): void {
    this.cutOff = true;
    for (const socket of this.sockets) socket.destroy();
  }

  heal(): void {
    this.cutOff = false;
  }

  /** Resolves once `done()` holds, checked at every dial. */
  until(done: () => boolean, what: string): Promise<void> {
    return until(
      done,
      subscribeTo(this.listeners),
      () => `${what} (dials so far: ${this.dials.length})`,
    );
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
