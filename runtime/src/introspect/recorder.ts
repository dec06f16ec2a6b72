import type { Entered, ProcessLike, Site, SymbolInfo } from '../debug/protocol.ts';
import type { RecordedFrame, RecordedProcess, Recorder, ValueInfo } from './protocol.ts';

/** Frames kept per namespace unless FLOWC_INTROSPECTION_FRAMES says otherwise. */
export const DEFAULT_FRAMES = 1000;

interface Slot {
  readonly id: number;
  readonly process: ProcessLike;
  readonly site: Site;
  readonly sent: unknown;
  answer: unknown;
  readonly started: number;
  readonly t0: number;
  elapsedMs: number | undefined;
}

/** `FLOWC_INTROSPECTION_FRAMES`: a positive integer, or the default. */
export function frameCapacity(env: Readonly<Record<string, string | undefined>>): number {
  const text = env['FLOWC_INTROSPECTION_FRAMES'];
  if (text === undefined || text === '') return DEFAULT_FRAMES;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new Error(`FLOWC_INTROSPECTION_FRAMES must be an integer from 1 to 1000000, not ${JSON.stringify(text)}`);
  return n;
}

/**
 * What a program built for introspection records: the newest frames in a ring of fixed size (an old
 * frame is overwritten by a new one, whether its process still runs or not), the processes alive now,
 * the nodes and the values' names of the version loaded last. Nothing here blocks a packet.
 */
export class FrameRecorder implements Recorder {
  private readonly ring: Array<Slot | undefined>;
  private count = 0;
  private readonly open = new Map<number, Slot>();
  private readonly live = new Map<ProcessLike, number>();
  /**
   * The recorder's own process numbers: each program version is a bundle with its own process counter,
   * so the numbers of two versions would collide.
   */
  private readonly ids = new WeakMap<ProcessLike, number>();
  private processCount = 0;
  private loadedSymbols: readonly SymbolInfo[] = [];
  private startedValues: readonly ValueInfo[] = [];
  private sweepAt: number;

  constructor(readonly capacity: number = DEFAULT_FRAMES) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`a frame ring holds at least 1 frame, not ${capacity}`);
    this.ring = new Array<Slot | undefined>(capacity);
    this.sweepAt = Math.max(64, capacity);
  }

  loaded(_program: { readonly namespace: string; readonly hash: string }, symbols: readonly SymbolInfo[]): void {
    this.loadedSymbols = symbols;
  }

  started(values: readonly ValueInfo[]): void {
    this.startedValues = values;
  }

  enter(site: Site, payload: unknown, proc: ProcessLike): Entered {
    const id = ++this.count;
    const t0 = performance.now();
    const slot: Slot = { id, process: proc, site, sent: payload, answer: undefined, started: performance.timeOrigin + t0, t0, elapsedMs: undefined };
    const at = (id - 1) % this.capacity;
    const evicted = this.ring[at];
    if (evicted) this.open.delete(evicted.id);
    this.ring[at] = slot;
    this.open.set(id, slot);
    if (!this.live.has(proc)) {
      // No exit hook: one would make every request's process end asynchronously. Ended processes are
      // dropped when the table is read, and whenever the map has doubled since the last sweep.
      this.live.set(proc, slot.started);
      if (this.live.size > this.sweepAt) this.sweep();
    }
    return { frame: id };
  }

  leave(frame: number, answer: unknown): void {
    const slot = this.open.get(frame);
    if (!slot) return;
    this.open.delete(frame);
    slot.answer = answer;
    slot.elapsedMs = performance.now() - slot.t0;
  }

  frames(): RecordedFrame[] {
    const out: RecordedFrame[] = [];
    for (let id = Math.max(1, this.count - this.capacity + 1); id <= this.count; id++) out.push(this.publicFrame(this.ring[(id - 1) % this.capacity]!));
    return out;
  }

  processes(): RecordedProcess[] {
    this.sweep();
    const counts = new Map<ProcessLike, number>();
    for (const slot of this.ring) if (slot) counts.set(slot.process, (counts.get(slot.process) ?? 0) + 1);
    return [...this.live].map(([proc, started]) => ({ id: this.idOf(proc), parent: proc.parent && this.idOf(proc.parent), status: proc.terminated ? 1 : 0, frames: counts.get(proc) ?? 0, started }));
  }

  private idOf(proc: ProcessLike): number {
    let id = this.ids.get(proc);
    if (id === undefined) this.ids.set(proc, (id = ++this.processCount));
    return id;
  }

  private publicFrame(s: Slot): RecordedFrame {
    const inPort = s.site.direction === 'in';
    return { id: s.id, process: this.idOf(s.process), site: s.site, input: inPort ? s.sent : s.answer, output: inPort ? s.answer : s.sent, started: s.started, elapsedMs: s.elapsedMs };
  }

  /** Forgets the processes that have ended. */
  private sweep(): void {
    for (const proc of this.live.keys()) if (proc.terminated) this.live.delete(proc);
    this.sweepAt = Math.max(64, this.capacity, this.live.size * 2);
  }

  symbols(): readonly SymbolInfo[] {
    return this.loadedSymbols;
  }

  values(): readonly ValueInfo[] {
    return this.startedValues;
  }
}
