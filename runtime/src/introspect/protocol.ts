// What a program built for introspection records and the `internal` SQL driver reads. Each version a
// hot swap loads is a bundle of its own with its own copy of the runtime, so the two meet through these
// structural types and a registry on `globalThis` (one recorder per namespace, kept across versions).
import type { DebugAgent, Site, SymbolInfo } from '../debug/protocol.ts';

export type { Site, SymbolInfo };

/** One packet passing one port of one node in one process, as the `frames` table shows it. */
export interface RecordedFrame {
  readonly id: number;
  readonly process: number;
  readonly site: Site;
  /** In-port: the packet that arrived. Out-port: the answer that came back. */
  readonly input: unknown;
  /** In-port: the answer sent back. Out-port: the packet sent. */
  readonly output: unknown;
  /** When the packet reached the port (ms since the epoch). */
  readonly started: number;
  /** Milliseconds between the packet and its answer; undefined while it is in flight. */
  readonly elapsedMs: number | undefined;
}

/** A live process, as the `processes` table shows it. */
export interface RecordedProcess {
  readonly id: number;
  readonly parent: number | undefined;
  /** 0 running, 1 terminated (uniflow's status). */
  readonly status: 0 | 1;
  /** Its frames still in the ring. */
  readonly frames: number;
  /** When its first frame was recorded (ms since the epoch). */
  readonly started: number;
}

/** A value the program was started with, without its data (which never reaches the recorder). */
export interface ValueInfo {
  readonly id?: string;
  readonly namespace: string;
  readonly name?: string;
}

/** What the `internal` driver reads of a namespace's running program. */
export interface Introspection {
  /** The frames kept, oldest first (a bounded ring: the newest ones). */
  frames(): RecordedFrame[];
  /** The processes alive now that passed a port of the program. */
  processes(): RecordedProcess[];
  /** The nodes of the version loaded last. */
  symbols(): readonly SymbolInfo[];
  /** The values the version loaded last was started with. */
  values(): readonly ValueInfo[];
}

/** What a program built for introspection feeds: its packets (as a debugger sees them) and its start. */
export interface Recorder extends Introspection, DebugAgent {
  /** A version started with these values (their data is never handed over). */
  started(values: readonly ValueInfo[]): void;
}

const KEY = Symbol.for('flowc.introspection');

function registry(): Map<string, Recorder> {
  const holder = globalThis as { [KEY]?: Map<string, Recorder> };
  return (holder[KEY] ??= new Map());
}

/** The recorder of a namespace, made by `create` the first time a version of it starts. */
export function recorderOf(namespace: string, create: () => Recorder): Recorder {
  const all = registry();
  let found = all.get(namespace);
  if (!found) all.set(namespace, (found = create()));
  return found;
}

/** What a namespace's programs recorded, if one built for introspection has started in this process. */
export function findIntrospection(namespace: string): Introspection | undefined {
  return registry().get(namespace);
}
