// What a debug build's program and the debugger say to each other. A bundle evaluated in-process
// carries its own copy of the runtime, so the two meet through this structural interface and the
// registry below, never through shared classes.

/** One port of one node, as a frame records it. */
export interface Site {
  readonly namespace: string;
  readonly node: string;
  readonly id: string;
  readonly kind: string;
  readonly port: string;
  /** `in`: the packet arrives at the node; `out`: the node sends it. */
  readonly direction: 'in' | 'out';
  /** Where the node was written: `file:line:column`. */
  readonly loc?: string;
}

/** What the debugger reads of a process (the bundle's Process class). */
export interface ProcessLike {
  readonly id: number;
  readonly parent: ProcessLike | undefined;
  readonly terminated: boolean;
  onExit(hook: () => void): void;
}

/** A node of a loaded program: its spec as written (templates unbound, so no secret is in it). */
export interface SymbolInfo {
  readonly namespace: string;
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly loc?: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly spec: Readonly<Record<string, unknown>>;
}

/** The token of an open frame, and, when the packet must wait (a breakpoint, a step), what it waits for. */
export interface Entered {
  readonly frame: number;
  readonly wait?: Promise<void>;
}

export interface DebugAgent {
  /** A program version started (a hot swap loads a new one): its nodes. */
  loaded(program: { readonly namespace: string; readonly hash: string }, symbols: readonly SymbolInfo[]): void;
  /** A packet reaches a port. */
  enter(site: Site, payload: unknown, proc: ProcessLike): Entered;
  /** The answer came back through the port of an open frame. */
  leave(frame: number, answer: unknown): void;
}

const KEY = Symbol.for('flowc.debugger');

/** Makes `agent` the debugger of every debug program started in this process (undefined detaches it). */
export function attachDebugger(agent: DebugAgent | undefined): void {
  (globalThis as { [KEY]?: DebugAgent })[KEY] = agent;
}

export function attachedDebugger(): DebugAgent | undefined {
  return (globalThis as { [KEY]?: DebugAgent })[KEY];
}
