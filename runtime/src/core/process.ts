import { FlowError } from './packet.ts';

/**
 * One unit of execution: an HTTP request, an init call, a forked branch. Node state that belongs to a
 * request (reduce accumulators, transactions, sessions) is keyed by process and released when it exits.
 */
export type ExitHook = (error: Error | undefined) => void | Promise<void>;

/** Why a process's work was given up: its client went away, or its deadline passed. */
export class ProcessAborted extends FlowError {
  override name = 'ProcessAborted';
}

let nextId = 1;
/** What `exit` returns for a process that held nothing: nothing to wait for, a caller may go on at once. */
export const EXITED: Promise<void> = Promise.resolve();
const DONE = EXITED;
const NO_KEY = Symbol('no key');

export class Process {
  readonly id = nextId++;
  readonly parent: Process | undefined;
  // The first key lives inline: most processes (one HTTP request) store exactly one entry.
  private firstKey: unknown = NO_KEY;
  private firstValue: unknown;
  private values: Map<unknown, unknown> | undefined;
  private hooks: ExitHook[] | undefined;
  private children: Set<Process> | undefined;
  private exited: Promise<void> | undefined;
  private childrenDone: (() => void) | undefined;
  // Made on first use of `signal`: most processes are never aborted and never asked.
  private controller: AbortController | undefined;
  private abortReason: ProcessAborted | undefined;

  constructor(parent?: Process) {
    this.parent = parent;
    if (parent) (parent.children ??= new Set()).add(this);
  }

  get terminated(): boolean {
    return this.exited !== undefined;
  }

  get hasChildren(): boolean {
    return this.children !== undefined && this.children.size > 0;
  }

  /**
   * Why the work of this process is no longer wanted, once it is not: set by `abort` on it or on an
   * ancestor. Loops check it between rounds; `signal` carries it to APIs that take an AbortSignal.
   */
  get abortedBy(): ProcessAborted | undefined {
    for (let p: Process | undefined = this; p; p = p.parent) if (p.abortReason) return p.abortReason;
    return undefined;
  }

  get aborted(): boolean {
    return this.abortedBy !== undefined;
  }

  /** Aborted with `abortedBy` when this process or an ancestor is aborted (fetch, timers, queries take it). */
  get signal(): AbortSignal {
    const reason = this.abortedBy;
    if (reason) return AbortSignal.abort(reason);
    return (this.controller ??= new AbortController()).signal;
  }

  /** Throws `abortedBy` when the process was aborted: the way a node refuses to start more work. */
  throwIfAborted(): void {
    const reason = this.abortedBy;
    if (reason) throw reason;
  }

  /** Gives up the work of this process and of its children (the first reason wins); exiting stays the owner's job. */
  abort(reason: ProcessAborted): void {
    if (this.abortReason) return;
    this.abortReason = reason;
    this.controller?.abort(reason);
    if (this.children) for (const child of this.children) child.abort(reason);
  }

  fork(): Process {
    return new Process(this);
  }

  /** Reads a key, falling back to the parent chain. */
  get<T>(key: unknown): T | undefined {
    for (let p: Process | undefined = this; p; p = p.parent) {
      if (p.firstKey === key) return p.firstValue as T;
      if (p.values?.has(key)) return p.values.get(key) as T;
    }
    return undefined;
  }

  set(key: unknown, value: unknown): void {
    if (this.firstKey === NO_KEY || this.firstKey === key) {
      this.firstKey = key;
      this.firstValue = value;
      return;
    }
    (this.values ??= new Map()).set(key, value);
  }

  delete(key: unknown): void {
    if (this.firstKey === key) {
      this.firstKey = NO_KEY;
      this.firstValue = undefined;
    } else this.values?.delete(key);
  }

  /** Registers a hook that runs when the process exits (hooks run in reverse order). */
  onExit(hook: ExitHook): void {
    if (this.exited) {
      void hook(undefined);
      return;
    }
    (this.hooks ??= []).push(hook);
  }

  /** Resolves when every child has exited. */
  join(): Promise<void> {
    if (!this.children || this.children.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.childrenDone = resolve;
    });
  }

  /** Ends the process: exits children, runs exit hooks newest first, clears the store. Idempotent. */
  exit(error?: Error): Promise<void> {
    if (this.exited) return this.exited;
    if (!this.hooks && (!this.children || this.children.size === 0)) {
      // Most request processes hold nothing: end them without scheduling any async work.
      this.exited = DONE;
      this.clearStore();
      this.detach();
      return DONE;
    }
    this.exited = this.runExit(error);
    return this.exited;
  }

  private clearStore(): void {
    this.firstKey = NO_KEY;
    this.firstValue = undefined;
    this.values = undefined;
  }

  private detach(): void {
    const parent = this.parent;
    if (parent?.children) {
      parent.children.delete(this);
      if (parent.children.size === 0) parent.childrenDone?.();
    }
  }

  private async runExit(error: Error | undefined): Promise<void> {
    if (this.children) await Promise.all([...this.children].map((c) => c.exit(error)));
    const hooks = this.hooks;
    this.hooks = undefined;
    if (hooks) {
      for (let i = hooks.length - 1; i >= 0; i--) await hooks[i]!(error);
    }
    this.clearStore();
    this.detach();
  }
}
