import { celPredicate, celProgram } from '../lang/cel.ts';
import type { DebugAgent, Entered, ProcessLike, Site, SymbolInfo } from './protocol.ts';

/** Where packets stop: every port (no symbol), a node's ports (by name or id), or one port; maybe only `if` a CEL condition holds on the payload (`self`). */
export interface Breakpoint {
  readonly id: number;
  readonly symbol?: string;
  readonly port?: string;
  readonly condition?: string;
  /** A logpoint: packets are not held; the message is logged (`{expr}` parts are CEL on `self`). */
  readonly log?: string;
}

export type BreakpointSpec = Omit<Breakpoint, 'id'>;

/** One packet passing one port of one node in one process. */
export interface Frame {
  readonly id: number;
  readonly process: number;
  readonly site: Site;
  /** In-port: the packet that arrived. Out-port: the answer that came back. */
  readonly input: unknown;
  /** In-port: the answer sent back. Out-port: the packet sent. */
  readonly output: unknown;
  /** Milliseconds between the packet and its answer; undefined while it is in flight. */
  readonly elapsedMs: number | undefined;
}

export interface ProcessInfo {
  readonly id: number;
  readonly parent: number | undefined;
  /** 0 running, 1 terminated (uniflow's status). */
  readonly status: 0 | 1;
  readonly frames: number;
}

export type DebugEvent =
  | { readonly type: 'stopped'; readonly frame: Frame; readonly reason: 'breakpoint' | 'step'; readonly breakpoint?: Breakpoint }
  | { readonly type: 'log'; readonly frame: Frame; readonly breakpoint: Breakpoint; readonly message: string }
  | { readonly type: 'loaded'; readonly namespace: string; readonly hash: string; readonly symbols: readonly SymbolInfo[] }
  /** A frame closed: its answer came back (what live views count). */
  | { readonly type: 'frame'; readonly frame: Frame };

interface OpenFrame {
  id: number;
  process: ProcessLike;
  /** The debugger's number for `process` (see `Debugger.pid`). */
  pid: number;
  site: Site;
  sent: unknown;
  answer: unknown;
  started: number;
  elapsedMs: number | undefined;
}

interface Held {
  readonly frame: OpenFrame;
  readonly release: () => void;
  readonly reason: 'breakpoint' | 'step';
  readonly breakpoint?: Breakpoint;
}

interface Compiled extends Breakpoint {
  readonly test?: (self: unknown) => boolean;
  readonly parts?: ReadonlyArray<string | ((self: unknown) => unknown)>;
}

/** Frames kept per live process: a long-running process (a WebSocket) must not grow without end. */
const FRAMES_PER_PROCESS = 1000;

/**
 * The debugger of one process: breakpoints, the frames of live processes, the packets held. A held
 * packet blocks its sender only (its process waits; every other process goes on) until `continue`.
 * Breakpoints name nodes, so they carry over to every program version a hot swap loads.
 */
export class Debugger implements DebugAgent {
  private readonly points = new Map<number, Compiled>();
  private nextBreakpoint = 1;
  private nextFrame = 1;
  /**
   * The debugger's own process numbers: each program version is a bundle with its own process counter,
   * so after a hot swap two live processes could share an id.
   */
  private readonly pids = new WeakMap<ProcessLike, number>();
  private nextPid = 1;
  private readonly live = new Map<number, { readonly proc: ProcessLike; readonly frames: OpenFrame[] }>();
  private readonly open = new Map<number, OpenFrame>();
  private readonly held: Held[] = [];
  private stepping: ProcessLike | undefined;
  private symbolsByNamespace = new Map<string, readonly SymbolInfo[]>();
  private readonly listeners = new Set<(event: DebugEvent) => void>();

  /** Subscribes to stops, logpoints and loaded versions; returns the unsubscribe function. */
  on(listener: (event: DebugEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- breakpoints

  /** Adds a breakpoint; throws when its condition or log message is not valid CEL. */
  addBreakpoint(spec: BreakpointSpec): Breakpoint {
    const id = this.nextBreakpoint++;
    const point: Compiled = {
      id,
      ...spec,
      ...(spec.condition !== undefined ? { test: celPredicate(spec.condition, {}, ['condition']) } : {}),
      ...(spec.log !== undefined ? { parts: logParts(spec.log) } : {}),
    };
    this.points.set(id, point);
    return publicBreakpoint(point);
  }

  /** Removes a breakpoint (without id: the one the current frame stopped at); false when there is none. */
  deleteBreakpoint(id?: number): boolean {
    const target = id ?? this.held[0]?.breakpoint?.id;
    return target !== undefined && this.points.delete(target);
  }

  breakpoints(): Breakpoint[] {
    return [...this.points.values()].map(publicBreakpoint);
  }

  breakpoint(id?: number): Breakpoint | undefined {
    const target = id ?? this.held[0]?.breakpoint?.id;
    const point = target === undefined ? undefined : this.points.get(target);
    return point ? publicBreakpoint(point) : undefined;
  }

  // --- symbols, processes, frames

  /** The nodes of the latest version of each namespace. */
  symbols(): SymbolInfo[] {
    return [...this.symbolsByNamespace.values()].flat();
  }

  symbol(ref: string): SymbolInfo | undefined {
    const all = this.symbols();
    return all.find((s) => s.id === ref) ?? all.find((s) => s.name === ref) ?? all.find((s) => shortName(s.name) === ref);
  }

  processes(): ProcessInfo[] {
    return [...this.live.values()].map(({ proc, frames }) => ({ id: this.pid(proc), parent: proc.parent ? this.pid(proc.parent) : undefined, status: proc.terminated ? 1 : 0, frames: frames.length }));
  }

  process(id?: number): ProcessInfo | undefined {
    const target = id ?? this.held[0]?.frame.pid;
    return this.processes().find((p) => p.id === target);
  }

  /** The frames of a live process (default: the current frame's), oldest first. */
  frames(pid?: number): Frame[] {
    const target = pid ?? this.held[0]?.frame.pid;
    return (target === undefined ? [] : (this.live.get(target)?.frames ?? [])).map(publicFrame);
  }

  /** The frame the debugger stopped at, if any. */
  current(): (Frame & { readonly reason: 'breakpoint' | 'step'; readonly breakpoint?: Breakpoint }) | undefined {
    const held = this.held[0];
    return held ? { ...publicFrame(held.frame), reason: held.reason, ...(held.breakpoint ? { breakpoint: publicBreakpoint(held.breakpoint) } : {}) } : undefined;
  }

  /** Packets held now, the current one first. */
  heldFrames(): Frame[] {
    return this.held.map((h) => publicFrame(h.frame));
  }

  // --- running

  /**
   * Releases the current packet (or the one process `pid` is held at); the next held one (if any)
   * becomes current. False when none is held.
   */
  continue(pid?: number): boolean {
    const at = pid === undefined ? 0 : this.held.findIndex((h) => h.frame.pid === pid);
    if (at < 0 || at >= this.held.length) return false;
    const [held] = this.held.splice(at, 1);
    held!.release();
    if (at === 0) this.announceCurrent();
    return true;
  }

  /** Releases the current packet (or process `pid`'s) and stops at the next port its process (or a child of it) reaches. */
  step(pid?: number): boolean {
    const held = pid === undefined ? this.held[0] : this.held.find((h) => h.frame.pid === pid);
    if (!held) return false;
    this.stepping = held.frame.process;
    return this.continue(held.frame.pid);
  }

  /** Drops every breakpoint and releases every packet: what quitting the debugger does. */
  releaseAll(): void {
    this.points.clear();
    this.stepping = undefined;
    for (const held of this.held.splice(0)) held.release();
  }

  // --- DebugAgent: called by the debug program

  loaded(program: { readonly namespace: string; readonly hash: string }, symbols: readonly SymbolInfo[]): void {
    this.symbolsByNamespace.set(program.namespace, symbols);
    this.emit({ type: 'loaded', namespace: program.namespace, hash: program.hash, symbols });
  }

  enter(site: Site, payload: unknown, proc: ProcessLike): Entered {
    const frame: OpenFrame = { id: this.nextFrame++, process: proc, pid: this.pid(proc), site, sent: payload, answer: undefined, started: performance.now(), elapsedMs: undefined };
    this.track(frame);
    if (this.stepping && within(proc, this.stepping)) {
      this.stepping = undefined;
      return { frame: frame.id, wait: this.hold(frame, 'step') };
    }
    for (const point of this.points.values()) {
      if (!matches(point, site, this.symbolOf(site))) continue;
      if (point.test && !safely(() => point.test!(payload), false)) continue;
      if (point.parts) {
        this.emit({ type: 'log', frame: publicFrame(frame), breakpoint: publicBreakpoint(point), message: point.parts.map((p) => (typeof p === 'string' ? p : show(safely(() => p(payload), '<error>')))).join('') });
        continue;
      }
      return { frame: frame.id, wait: this.hold(frame, 'breakpoint', point) };
    }
    return { frame: frame.id };
  }

  leave(id: number, answer: unknown): void {
    const frame = this.open.get(id);
    if (!frame) return;
    this.open.delete(id);
    frame.answer = answer;
    frame.elapsedMs = performance.now() - frame.started;
    if (this.listeners.size > 0) this.emit({ type: 'frame', frame: publicFrame(frame) });
  }

  private hold(frame: OpenFrame, reason: Held['reason'], breakpoint?: Breakpoint): Promise<void> {
    return new Promise<void>((resolve) => {
      this.held.push({ frame, release: resolve, reason, ...(breakpoint ? { breakpoint } : {}) });
      if (this.held.length === 1) this.announceCurrent();
    });
  }

  private announceCurrent(): void {
    const held = this.held[0];
    if (held) this.emit({ type: 'stopped', frame: publicFrame(held.frame), reason: held.reason, ...(held.breakpoint ? { breakpoint: publicBreakpoint(held.breakpoint) } : {}) });
  }

  private track(frame: OpenFrame): void {
    const proc = frame.process;
    const pid = frame.pid;
    let entry = this.live.get(pid);
    if (!entry) {
      this.live.set(pid, (entry = { proc, frames: [] }));
      // Frames are forgotten when their process exits (uniflow's rule).
      proc.onExit(() => {
        const gone = this.live.get(pid);
        this.live.delete(pid);
        for (const f of gone?.frames ?? []) this.open.delete(f.id);
      });
    }
    if (entry.frames.length >= FRAMES_PER_PROCESS) this.open.delete(entry.frames.shift()!.id);
    entry.frames.push(frame);
    this.open.set(frame.id, frame);
  }

  private pid(proc: ProcessLike): number {
    let pid = this.pids.get(proc);
    if (pid === undefined) this.pids.set(proc, (pid = this.nextPid++));
    return pid;
  }

  private symbolOf(site: Site): SymbolInfo | undefined {
    return this.symbolsByNamespace.get(site.namespace)?.find((s) => s.id === site.id);
  }

  private emit(event: DebugEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/**
 * A breakpoint's symbol is a node id, name, or the last part of an inner node's name; its port is an
 * in-port when the node has one of that name, else an out-port (uniflow's order).
 */
function matches(point: Breakpoint, site: Site, symbol: SymbolInfo | undefined): boolean {
  if (point.symbol !== undefined && point.symbol !== site.node && point.symbol !== site.id && point.symbol !== shortName(site.node)) return false;
  if (point.port === undefined) return true;
  if (!samePort(point.port, site.port)) return false;
  if (site.direction === 'in') return true;
  return !(symbol?.inputs.some((p) => samePort(p, point.port!)) ?? false);
}

/** `out` and `out[0]` name the same port. */
function samePort(a: string, b: string): boolean {
  return a.replace(/\[0\]$/, '') === b.replace(/\[0\]$/, '');
}

function shortName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function within(proc: ProcessLike, ancestor: ProcessLike): boolean {
  for (let p: ProcessLike | undefined = proc; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

function safely<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}

/** A logpoint message: text with `{expression}` parts, each CEL on the payload. */
function logParts(message: string): Array<string | ((self: unknown) => unknown)> {
  return message.split(/(\{[^{}]+\})/).filter(Boolean).map((part) => (part.startsWith('{') && part.endsWith('}') ? celProgram(part.slice(1, -1), {}, ['log']) : part));
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}

function publicBreakpoint(point: Breakpoint): Breakpoint {
  const { id, symbol, port, condition, log } = point;
  return { id, ...(symbol !== undefined ? { symbol } : {}), ...(port !== undefined ? { port } : {}), ...(condition !== undefined ? { condition } : {}), ...(log !== undefined ? { log } : {}) };
}

function publicFrame(f: OpenFrame): Frame {
  const inPort = f.site.direction === 'in';
  return { id: f.id, process: f.pid, site: f.site, input: inPort ? f.sent : f.answer, output: inPort ? f.answer : f.sent, elapsedMs: f.elapsedMs };
}
