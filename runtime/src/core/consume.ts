import { parseDuration } from './duration.ts';
import type { NodeContext } from './kind.ts';
import { FlowError, isError } from './packet.ts';
import { EXITED, Process } from './process.ts';
import { acquire } from './resources.ts';
import { attempt } from './settle.ts';
import type { HostServices, Lease } from './services.ts';

/**
 * The mechanism every message-consuming kind (MQTT, NATS, AMQP, Redis streams…) is built on. The kind
 * knows its broker: how to connect, subscribe, ack and reject. This module knows the flow: a message
 * becomes a root process, it is acked only after the flow answered without error, failures are retried
 * a bounded number of times and then rejected, at most `maxInFlight` messages are in the flow at once,
 * the connection and subscription are host resources kept across hot swaps, a stop drains, a lost
 * connection is reopened with backoff.
 */

/** One broker message as a kind hands it over. */
export interface ConsumerMessage {
  /**
   * The packet the flow receives, built afresh for every attempt (a retry must not see what the failed
   * attempt changed). A throw (a body that does not decode) rejects the message at once, without retries.
   */
  payload(): unknown;
  /** The flow answered without error: acknowledge (and reply with `answer`, for request/reply). */
  ack(answer: unknown): void | Promise<void>;
  /**
   * The flow failed on every attempt: dead-letter, terminate, or drop the message, as the broker allows.
   * Kinds whose broker counts redeliveries may instead hand it back (nack) when it has deliveries left.
   */
  reject(error: Error): void | Promise<void>;
}

/** What a kind's `open` receives: where to put messages, and how to report the connection's health. */
export interface ConsumerFeed {
  /**
   * Hands a message to the flow (push brokers). Past `maxInFlight` messages wait, in arrival order, for a
   * slot; a broker-side limit (prefetch, receive maximum, max ack pending) set to `maxInFlight` keeps that
   * queue short.
   */
  deliver(message: ConsumerMessage): void;
  /** Slots free in the flow now: what a pull consumer fetches. */
  readonly free: number;
  /** Resolves once a slot is free, or once consuming stops (then `stopped` is true). */
  whenFree(): Promise<void>;
  /** Consuming stopped (the node unloads or the connection was replaced): pull no more. */
  readonly stopped: boolean;
  /** The library lost the connection and reconnects by itself: logged once, and `ready` turns false. */
  down(reason: Error): void;
  /** The connection is back (`ready` turns true again). */
  up(): void;
  /** The connection is lost for good: what is left is closed and `open` is called again, with backoff. */
  lost(reason: Error): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** A running subscription, as `open` returns it. */
export interface ConsumerSubscription {
  /** Stops the broker sending more (unsubscribe, cancel, stop pulling). Messages in flight are still settled. */
  stop(): void | Promise<void>;
  /** Closes the connection; called once every message in flight was settled (or after `lost`). */
  close(): void | Promise<void>;
}

export interface ConsumerOptions {
  /**
   * Identifies the connection and subscription among host resources: program versions (hot swaps) whose
   * node has the same key share one subscription. Put in it everything `open` depends on.
   */
  readonly key: string;
  /** Names the subscription in log lines: `mqtt \`sensors\` (sensors/+ on mqtt://127.0.0.1:1883)`. */
  readonly label: string;
  /** Most messages in the flow at once (≥ 1). */
  readonly maxInFlight: number;
  /** Attempts after the first before a failing message is rejected (default 3). */
  readonly retries?: number | undefined;
  /** Wait before the first retry — ms, or a duration such as `250ms` — doubled for each further one (default 100 ms). */
  readonly retryDelay?: number | string | undefined;
  /** Reconnect backoff in ms: first wait and longest wait (default 250 and 30 000). */
  readonly backoff?: { readonly initial: number; readonly max: number };
  /** Connects and subscribes; messages go to `feed.deliver`, or are pulled while `feed.free > 0`. */
  open(feed: ConsumerFeed): Promise<ConsumerSubscription>;
  /**
   * An error that retrying cannot fix (refused credentials, an unknown stream). When the first connection
   * fails with one, the program does not start; later, it is logged and retried like any other.
   */
  isFatal?(error: unknown): boolean;
}

/** What `consume` gives a kind: the node's `load` and `unload`, and the subscription's state. */
export interface Consumer {
  load(): Promise<void>;
  unload(): Promise<void>;
  /** Connected and subscribed (for readiness reports). */
  readonly ready: boolean;
  /** Messages of this program version in the flow now. */
  readonly inFlight: number;
}

export const DEFAULT_RETRIES = 3;
export const DEFAULT_RETRY_DELAY = 100;
export const DEFAULT_BACKOFF = { initial: 250, max: 30_000 } as const;

type Ports = Pick<NodeContext<unknown>, 'name' | 'host' | 'out'>;

/**
 * Runs a node's messages through its flow: `out` gets each message's payload, `error` (when wired) gets
 * an error answer and may turn it into a success. Returns the node's `load`/`unload`.
 */
export function consume(ctx: Ports, options: ConsumerOptions): Consumer {
  if (!Number.isInteger(options.maxInFlight) || options.maxInFlight < 1) throw new Error(`maxInFlight must be a whole number ≥ 1, got ${options.maxInFlight}`);
  const version = new Version(ctx, options);
  let lease: Lease<Channel> | undefined;
  let unregister: (() => void) | undefined;
  return {
    async load() {
      // Not ready until connected and subscribed, nor while reconnecting (`/readyz`).
      unregister = ctx.host.readiness?.add(options.label, () => lease?.value.ready ?? false);
      lease = await acquire(ctx.host, `consumer:${options.key}`, {
        open: () => new Channel(options, ctx.host),
        close: (channel) => channel.close(),
      });
      try {
        await lease.value.attach(version);
      } catch (error) {
        unregister?.();
        await lease.release();
        lease = undefined;
        throw error;
      }
    },
    async unload() {
      unregister?.();
      unregister = undefined;
      const held = lease;
      lease = undefined;
      if (!held) return;
      await held.value.detach(version);
      await version.drained();
      await held.release();
    },
    get ready() {
      return lease?.value.ready ?? false;
    },
    get inFlight() {
      return version.inFlight;
    },
  };
}

/** One program version's side: runs a message through this version's flow, retries, then settles it. */
class Version {
  inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly output;
  private readonly error;
  private readonly retries: number;
  private readonly retryDelay: number;

  constructor(
    private readonly ctx: Ports,
    private readonly options: ConsumerOptions,
  ) {
    this.output = ctx.out('out');
    this.error = ctx.out('error');
    this.retries = options.retries ?? DEFAULT_RETRIES;
    this.retryDelay = options.retryDelay === undefined ? DEFAULT_RETRY_DELAY : parseDuration(options.retryDelay);
  }

  /**
   * Handles one message to the end; never throws or rejects. A flow that answers synchronously is run,
   * ended and settled in this call (undefined is returned): no promise per message on that path.
   */
  handle(message: ConsumerMessage): Promise<void> | undefined {
    this.inFlight++;
    const settled = this.settle(message, 0);
    if (settled === undefined) {
      this.done();
      return undefined;
    }
    return settled.then(() => this.done());
  }

  drained(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }

  private done(): void {
    if (--this.inFlight === 0 && this.waiting.length > 0) for (const wake of this.waiting.splice(0)) wake();
  }

  private settle(message: ConsumerMessage, attempt: number): Promise<void> | undefined {
    let payload: unknown;
    try {
      payload = message.payload();
    } catch (problem) {
      this.ctx.host.log('error', `${this.options.label}: a message cannot be read, rejected: ${(problem as Error).message}`);
      return this.finish(message, 'reject', toFlowError(problem));
    }
    const answer = this.run(payload);
    if (answer instanceof Promise) return answer.then((value: unknown) => this.answered(message, attempt, value));
    return this.answered(message, attempt, answer);
  }

  /** The flow answered (attempt `attempt`): ack, retry after a delay, or reject. */
  private answered(message: ConsumerMessage, attempt: number, answer: unknown): Promise<void> | undefined {
    const { host } = this.ctx;
    const label = this.options.label;
    if (!isError(answer)) return this.finish(message, 'ack', answer);
    if (attempt >= this.retries) {
      host.log('error', `${label}: the flow failed ${attempt + 1} time(s), message rejected: ${answer.message}`);
      return this.finish(message, 'reject', answer);
    }
    host.log('warn', `${label}: the flow failed (attempt ${attempt + 1} of ${this.retries + 1}), retrying: ${answer.message}`);
    return delay(this.retryDelay * 2 ** attempt).then(() => this.settle(message, attempt + 1));
  }

  /**
   * One attempt: a root process through `out` (and `error`), ended before the message is settled. The
   * answer, or a promise of it when some of the flow is asynchronous; never throws or rejects.
   */
  private run(payload: unknown): unknown {
    const proc = new Process();
    const answer = attempt(() => this.output.send(payload, proc));
    if (answer instanceof Promise) return answer.then((value: unknown) => this.recover(proc, value));
    return this.recover(proc, answer);
  }

  /** An error answer goes to `error` when it is wired, which may turn it into a success. */
  private recover(proc: Process, answer: unknown): unknown {
    if (!isError(answer) || !this.error.connected) return this.end(proc, answer);
    const recovered = attempt(() => this.error.send(answer, proc));
    if (recovered instanceof Promise) return recovered.then((value: unknown) => this.end(proc, value));
    return this.end(proc, recovered);
  }

  /** Waits for forked branches, then ends the process: exit hooks (transactions) run before the ack. */
  private end(proc: Process, answer: unknown): unknown {
    if (proc.hasChildren) return proc.join().then(() => this.exit(proc, answer));
    return this.exit(proc, answer);
  }

  private exit(proc: Process, answer: unknown): unknown {
    const exited = proc.exit(isError(answer) ? answer : undefined);
    // A process that held nothing is ended at once: a message is acked only for work that is done.
    if (exited === EXITED) return answer;
    return exited.then(() => answer, toFlowError);
  }

  private finish(message: ConsumerMessage, how: 'ack' | 'reject', value: unknown): Promise<void> | undefined {
    let result: void | Promise<void>;
    try {
      result = how === 'ack' ? message.ack(value) : message.reject(value as Error);
    } catch (problem) {
      this.cannotSettle(how, problem);
      return undefined;
    }
    if (result === undefined) return undefined;
    return Promise.resolve(result).then(undefined, (problem: unknown) => this.cannotSettle(how, problem));
  }

  /** The connection went away: the broker redelivers what it did not see settled. */
  private cannotSettle(how: 'ack' | 'reject', problem: unknown): void {
    this.ctx.host.log('warn', `${this.options.label}: cannot ${how} a message (the broker will redeliver it): ${(problem as Error).message}`);
  }
}

/**
 * The shared side, one per key among host resources: the connection, the subscription, the slots. New
 * messages go to the newest attached version; a version that detaches finishes what it holds.
 */
class Channel {
  private readonly versions: Version[] = [];
  private readonly queue: ConsumerMessage[] = [];
  private readonly freeWaiters: Array<() => void> = [];
  private inFlight = 0;
  private subscription: ConsumerSubscription | undefined;
  /** Bumped whenever a subscription is replaced: a feed of an older one goes quiet. */
  private generation = 0;
  private connecting: Promise<void> | undefined;
  private retryTimer: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  private consuming = false;
  /** The last version left: the subscription is being stopped, the queue run on `draining`. */
  private stopping = false;
  private draining: Version | undefined;
  private readonly emptyWaiters: Array<() => void> = [];
  private closed = false;
  private isUp = false;
  private wasDown = false;

  constructor(
    private readonly options: ConsumerOptions,
    private readonly host: HostServices,
  ) {}

  get ready(): boolean {
    return this.isUp && this.consuming && !this.stopping;
  }

  /** The first attach connects: a fatal first failure rejects (the program does not start). */
  async attach(version: Version): Promise<void> {
    this.versions.push(version);
    if (this.consuming) return this.pump();
    // A version attaching while the last one drains (not a swap: a restart) gets a fresh subscription.
    if (this.subscription) await this.closeSubscription();
    this.consuming = true;
    await this.connect(true);
  }

  /**
   * The last version to leave stops the subscription. Until the broker has confirmed the stop, what
   * still arrives runs on the leaving version (a broker that dropped it unacked might not send it again);
   * then nothing new comes in, and the caller waits for what is in flight.
   */
  async detach(version: Version): Promise<void> {
    const at = this.versions.indexOf(version);
    if (at !== -1) this.versions.splice(at, 1);
    if (this.versions.length > 0 || !this.consuming || this.stopping) return;
    this.stopping = true;
    this.draining = version;
    this.cancelRetry();
    this.wakeFree();
    // A connection being opened gives up (or, opened, is stopped below).
    await this.connecting;
    try {
      await this.subscription?.stop();
    } catch (problem) {
      this.host.log('warn', `${this.options.label}: stopping the subscription failed: ${(problem as Error).message}`);
    }
    this.generation++;
    await this.queueEmpty();
    this.consuming = false;
    this.stopping = false;
    this.draining = undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.consuming = false;
    this.queue.length = 0;
    for (const wake of this.emptyWaiters.splice(0)) wake();
    this.cancelRetry();
    this.wakeFree();
    await this.connecting;
    await this.closeSubscription();
  }

  private async closeSubscription(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    this.isUp = false;
    try {
      await subscription?.close();
    } catch (problem) {
      this.host.log('warn', `${this.options.label}: closing the connection failed: ${(problem as Error).message}`);
    }
  }

  /**
   * Opens the subscription, retrying with backoff until it is open or the channel stops. Resolves after
   * the first attempt (the rest go on in the background); rejects only when a first connection fails
   * fatally.
   */
  private connect(first: boolean): Promise<void> {
    let settleFirst!: { resolve(): void; reject(error: unknown): void };
    const firstAttempt = new Promise<void>((resolve, reject) => (settleFirst = { resolve, reject }));
    const run = async (): Promise<void> => {
      const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
      let wait = backoff.initial;
      for (let tries = 0; this.consuming && !this.stopping && !this.closed; tries++) {
        const generation = ++this.generation;
        try {
          const subscription = await this.options.open(this.feed(generation));
          if (generation !== this.generation || this.closed) {
            await subscription.close();
            return;
          }
          this.subscription = subscription;
          this.host.log('info', `${this.options.label}: ${this.wasDown ? 'connected again, ' : ''}consuming`);
          this.isUp = true;
          this.wasDown = false;
          return;
        } catch (problem) {
          if (first && tries === 0 && this.options.isFatal?.(problem)) throw problem;
          this.isUp = false;
          this.wasDown = true;
          this.host.log('warn', `${this.options.label}: cannot connect (${(problem as Error).message}); retrying in ${wait} ms`);
          settleFirst.resolve();
          await this.sleep(wait);
          wait = Math.min(wait * 2, backoff.max);
        }
      }
    };
    const connecting = run().then(
      () => settleFirst.resolve(),
      (problem: unknown) => settleFirst.reject(problem),
    );
    this.connecting = connecting;
    void connecting.finally(() => {
      if (this.connecting === connecting) this.connecting = undefined;
    });
    return firstAttempt;
  }

  private feed(generation: number): ConsumerFeed {
    const channel = this;
    const current = (): boolean => generation === this.generation && this.consuming && !this.closed;
    const free = (): number => (current() && !this.stopping ? this.free : 0);
    return {
      deliver: (message) => {
        // A message from a replaced or stopped subscription is left unacked: the broker redelivers it.
        if (!current()) return;
        this.queue.push(message);
        this.pump();
      },
      get free() {
        return free();
      },
      whenFree: () => (current() && !this.stopping ? this.whenFree() : Promise.resolve()),
      get stopped() {
        return !current() || channel.stopping;
      },
      down: (reason) => {
        if (!current()) return;
        if (this.isUp || !this.wasDown) this.host.log('warn', `${this.options.label}: connection lost (${reason.message}); reconnecting`);
        this.isUp = false;
        this.wasDown = true;
      },
      up: () => {
        if (current()) this.markUp();
      },
      lost: (reason) => {
        if (!current()) return;
        this.host.log('warn', `${this.options.label}: connection lost (${reason.message}); reconnecting`);
        this.generation++;
        this.wasDown = true;
        // Unsettled messages of the lost connection come again on the next one.
        this.queue.length = 0;
        for (const wake of this.emptyWaiters.splice(0)) wake();
        this.wakeFree();
        void this.closeSubscription().then(() => this.connect(false));
      },
      log: (level, message) => this.host.log(level, `${this.options.label}: ${message}`),
    };
  }

  private markUp(): void {
    if (!this.isUp && this.wasDown) this.host.log('info', `${this.options.label}: connected again`);
    this.isUp = true;
    this.wasDown = false;
  }

  get free(): number {
    return this.consuming && !this.stopping ? Math.max(0, this.options.maxInFlight - this.inFlight - this.queue.length) : 0;
  }

  private whenFree(): Promise<void> {
    if (this.free > 0 || !this.consuming || this.stopping) return Promise.resolve();
    return new Promise((resolve) => this.freeWaiters.push(resolve));
  }

  private wakeFree(): void {
    if (this.freeWaiters.length > 0) for (const wake of this.freeWaiters.splice(0)) wake();
  }

  private queueEmpty(): Promise<void> {
    return this.queue.length === 0 ? Promise.resolve() : new Promise((resolve) => this.emptyWaiters.push(resolve));
  }

  /** Starts queued messages on the newest version (or the one leaving last) while slots are free. */
  private pump(): void {
    const version = this.versions[this.versions.length - 1] ?? this.draining;
    if (!version) return;
    let finishedHere = false;
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const message = this.queue.shift()!;
      this.inFlight++;
      const handled = version.handle(message);
      if (handled === undefined) {
        // Settled synchronously: the slot is free again at once.
        this.inFlight--;
        finishedHere = true;
      } else void handled.then(this.handled);
    }
    if (this.queue.length === 0 && this.emptyWaiters.length > 0) for (const wake of this.emptyWaiters.splice(0)) wake();
    if (finishedHere && this.free > 0) this.wakeFree();
  }

  private readonly handled = (): void => {
    this.inFlight--;
    this.pump();
    if (this.free > 0) this.wakeFree();
  };

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        this.retryTimer = undefined;
        resolve();
      };
      this.retryTimer = { timer: setTimeout(wake, ms), wake };
    });
  }

  private cancelRetry(): void {
    const pending = this.retryTimer;
    if (!pending) return;
    clearTimeout(pending.timer);
    pending.wake();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function toFlowError(problem: unknown): Error {
  return problem instanceof Error ? problem : new FlowError(String(problem));
}
