import cluster, { type Worker } from 'node:cluster';
import type { StartOptions } from '@flowc/runtime/core/program';
import type { SwapResult } from '@flowc/runtime/core/supervisor';
import type { WorkerEvent, WorkerPlan } from '../types.ts';
import { WORKER_ENV, type FromWorker, type ToWorker, type WorkerRequest } from './messages.ts';
import type { Runner, Version } from './runner.ts';

/** A worker process and the requests it has not answered yet. */
interface Member {
  readonly worker: Worker;
  readonly pid: number;
  readonly online: Promise<void>;
  readonly pending: Map<number, { resolve(result: unknown): void; reject(error: Error): void }>;
  /** The hash this worker serves. */
  hash?: string;
  /** It could not start the version the others serve, or never came online: it is not started again. */
  refused?: boolean;
  ready?: boolean;
  exited?: Error;
}

/** The version every worker should serve: what a replacement worker is given. */
interface Current {
  readonly id: string;
  readonly message: Extract<WorkerRequest, { flowc: 'deploy' }>;
}

/**
 * `--workers n` of `flowc run` / `watch --run`: this process (the primary) builds and watches; n worker
 * processes (node:cluster, sharing every listening socket through the primary) serve. Each version is
 * deployed to one worker first: a start error there rejects the deploy and every worker keeps the old
 * version. Then it goes to all the others; a worker that cannot take it is replaced by one started on it.
 * A worker that dies is replaced by one that serves the current version. `stop()` drains every worker.
 */
export class ClusterRunner implements Runner {
  private readonly members = new Set<Member>();
  private current: Current | undefined;
  private hash: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private stopping = false;
  private ids = 0;

  constructor(
    private readonly plan: WorkerPlan,
    private readonly announce: (event: WorkerEvent) => void,
  ) {
    cluster.setupPrimary({ exec: plan.exec, args: [...(plan.args ?? [])], serialization: 'advanced' });
    for (let i = 0; i < plan.count; i++) this.fork();
  }

  get serving(): string | undefined {
    return this.hash;
  }

  send(node: string, port: string, payload: unknown): Promise<unknown> {
    const [member] = this.members;
    if (!member || this.hash === undefined) return Promise.reject(new Error('no program is serving yet'));
    return this.ask(member, { flowc: 'send', node, port, payload });
  }

  deploy(version: Version, options: StartOptions, fingerprint = ''): Promise<SwapResult | undefined> {
    return this.serialised(() => this.deployAll(version, options, fingerprint));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.queue.catch(() => undefined);
    await Promise.all(
      [...this.members].map(
        (member) =>
          new Promise<void>((resolve) => {
            if (member.exited) return resolve();
            member.worker.once('exit', () => resolve());
            // A worker still starting would miss a message sent before it listens: it is told once it is online.
            member.online.then(
              () => member.worker.send({ flowc: 'stop' } satisfies ToWorker, (error: Error | null) => error && member.worker.kill('SIGKILL')),
              () => undefined,
            );
          }),
      ),
    );
  }

  private async deployAll(version: Version, options: StartOptions, fingerprint: string): Promise<SwapResult | undefined> {
    const id = `${version.hash}:${fingerprint}`;
    if (id === this.current?.id) return undefined;
    const message: Current['message'] = { flowc: 'deploy', version, options: { env: options.env, values: options.values }, fingerprint };
    // One worker first: a version that cannot start is refused before any other worker leaves the old one. A
    // worker that dies meanwhile says nothing about the version: the next one (its replacement included) is asked.
    let first: Member | undefined;
    let swap: SwapResult | undefined;
    for (const member of this.members) {
      try {
        swap = (await this.ask(member, message)) as SwapResult;
        first = member;
        break;
      } catch (error) {
        if (!member.exited) throw error;
      }
    }
    if (!first || !swap) throw new Error('no worker is running');
    const rest = [...this.members].filter((member) => member !== first);
    this.current = { id, message };
    this.hash = version.hash;
    this.served(first, version.hash);
    const others = await Promise.allSettled(rest.map((member) => this.ask(member, message) as Promise<SwapResult>));
    let startMs = 0;
    let drainMs = swap.drainMs;
    others.forEach((outcome, i) => {
      const member = rest[i]!;
      if (outcome.status === 'rejected') return this.replace(member, (outcome.reason as Error).message);
      this.served(member, version.hash);
      startMs = Math.max(startMs, outcome.value.startMs);
      drainMs = Math.max(drainMs, outcome.value.drainMs);
    });
    const serving = [...this.members].filter((m) => m.hash === version.hash).length;
    this.announce({ state: 'serving', hash: version.hash, message: `${serving} of ${this.plan.count} workers serving ${version.hash}` });
    return { hash: version.hash, startMs: swap.startMs + startMs, drainMs };
  }

  private fork(): Member {
    const worker = cluster.fork({ [WORKER_ENV]: '{}', ...this.plan.env });
    let online: () => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    const member: Member = {
      worker,
      pid: worker.process.pid ?? 0,
      online: new Promise<void>((resolve, reject) => {
        online = resolve;
        failed = reject;
      }),
      pending: new Map(),
    };
    member.online.catch(() => undefined);
    this.members.add(member);
    worker.on('message', (message: FromWorker) => {
      if (message.flowc === 'online') {
        member.ready = true;
        return online();
      }
      const waiting = member.pending.get(message.id);
      member.pending.delete(message.id);
      if (message.flowc === 'done') waiting?.resolve(message.result);
      else waiting?.reject(new Error(message.message));
    });
    worker.once('exit', (code, signal) => {
      const why = signal ?? `code ${code}`;
      member.exited = new Error(`worker ${member.pid} exited (${why})`);
      failed(member.exited);
      for (const waiting of member.pending.values()) waiting.reject(member.exited);
      member.pending.clear();
      this.members.delete(member);
      if (this.stopping || member.refused) return;
      if (!member.ready) {
        this.announce({ state: 'failed', pid: member.pid, hash: undefined, message: `worker ${member.pid} exited before it came online (${why}); ${this.members.size} worker(s) left` });
        return;
      }
      const next = this.fork();
      this.announce({ pid: member.pid, state: 'exited', hash: member.hash, message: `worker ${member.pid} exited (${why}): started worker ${next.pid} in its place` });
      void this.serialised(() => this.catchUp(next));
    });
    return member;
  }

  /** A new worker takes the version the others serve. */
  private async catchUp(member: Member): Promise<void> {
    if (!this.current || member.exited || this.stopping || member.hash === this.current.message.version.hash) return;
    try {
      await this.ask(member, this.current.message);
      this.served(member, this.current.message.version.hash);
    } catch (error) {
      member.refused = true;
      this.announce({ pid: member.pid, state: 'failed', hash: undefined, message: `worker ${member.pid} could not start ${this.current.message.version.hash}: ${(error as Error).message}; ${this.members.size - 1} worker(s) left` });
      member.worker.kill('SIGKILL');
    }
  }

  /** A worker that could not take a version the first worker took: another one, started on it, replaces it. */
  private replace(member: Member, reason: string): void {
    if (member.exited) return;
    this.announce({ pid: member.pid, state: 'failed', hash: member.hash, message: `worker ${member.pid} could not swap: ${reason}; replacing it` });
    member.worker.kill('SIGKILL');
  }

  private served(member: Member, hash: string): void {
    member.hash = hash;
    this.announce({ pid: member.pid, state: 'serving', hash, message: `worker ${member.pid} serving ${hash}` });
  }

  private async ask(member: Member, message: WorkerRequest): Promise<unknown> {
    await member.online;
    if (member.exited) throw member.exited;
    const id = ++this.ids;
    return new Promise((resolve, reject) => {
      member.pending.set(id, { resolve, reject });
      member.worker.send({ ...message, id } as ToWorker, (error: Error | null) => {
        if (!error) return;
        member.pending.delete(id);
        reject(error);
      });
    });
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
