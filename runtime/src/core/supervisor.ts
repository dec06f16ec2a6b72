import type { Program, RunningProgram, StartOptions } from './program.ts';
import type { HostServices } from './services.ts';
import { SocketPool } from './socket-pool.ts';

export interface SwapResult {
  readonly hash: string;
  /** Time to start the new version and hand it the sockets, in ms. */
  readonly startMs: number;
  /** Time for the old version to finish its in-flight work and unload, in ms. */
  readonly drainMs: number;
}

/**
 * Runs one program version at a time and replaces it without dropping work: the new version starts
 * beside the old one and takes over its sockets; the old one finishes what it accepted, fires `term`
 * and unloads. A version that fails to start never replaces the running one.
 */
export class Supervisor {
  private readonly pool: SocketPool;
  private current: { readonly running: RunningProgram; readonly hash: string } | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(base: HostServices, private options: StartOptions) {
    this.pool = new SocketPool(base);
  }

  get hash(): string | undefined {
    return this.current?.hash;
  }

  /** The version serving now. */
  get running(): RunningProgram | undefined {
    return this.current?.running;
  }

  /** Swaps are serialised: a second swap waits for the first. Rejects (keeping the old version) on a start error. */
  swap(program: Program, options?: StartOptions): Promise<SwapResult> {
    const next = this.queue.then(() => this.run(program, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async run(program: Program, options: StartOptions | undefined): Promise<SwapResult> {
    if (options) this.options = options;
    const started = performance.now();
    const old = this.current;
    // Nodes whose spec did not change take their state (cache entries) over from the running version.
    const running = await program.start(this.pool.hostForVersion(), this.options, old?.running);
    this.current = { running, hash: program.meta.hash };
    const swapped = performance.now();
    await old?.running.stop();
    return { hash: program.meta.hash, startMs: swapped - started, drainMs: performance.now() - swapped };
  }

  async stop(): Promise<void> {
    await this.queue;
    const old = this.current;
    this.current = undefined;
    await old?.running.stop();
  }
}
