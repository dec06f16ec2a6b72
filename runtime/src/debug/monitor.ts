import { isError } from '../core/packet.ts';
import type { Debugger, Frame } from './debugger.ts';
import { folded } from './show.ts';

/** What a live view shows of one node. */
export interface NodeStats {
  /** Packets answered at the node's in-ports since the monitor started. */
  readonly packets: number;
  readonly errors: number;
  /** Mean milliseconds from a packet to its answer, over the last interval (undefined: none then). */
  readonly meanMs: number | undefined;
  readonly lastError?: { readonly message: string; readonly at: string };
}

export interface Snapshot {
  /** Packets per second leaving each out-port (`node\u0000port`) over the last interval. */
  readonly ports: Readonly<Record<string, number>>;
  readonly nodes: Readonly<Record<string, NodeStats>>;
}

const RECENT = 10;

interface Counter {
  packets: number;
  errors: number;
  windowPackets: number;
  windowMs: number;
  lastError?: { message: string; at: string };
  readonly recent: Frame[];
}

/** Counts packets, errors and latency per node and rate per out-port from a debugger's closed frames. */
export class Monitor {
  private readonly nodes = new Map<string, Counter>();
  private readonly ports = new Map<string, number>();
  private since = performance.now();
  private readonly off: () => void;

  constructor(debug: Debugger) {
    this.off = debug.on((event) => {
      if (event.type === 'frame') this.count(event.frame);
    });
  }

  /** The figures of the interval since the previous snapshot (rates per second); starts the next interval. */
  snapshot(): Snapshot {
    const now = performance.now();
    const seconds = Math.max((now - this.since) / 1000, 1e-3);
    this.since = now;
    const ports: Record<string, number> = {};
    for (const [key, n] of this.ports) ports[key] = n / seconds;
    this.ports.clear();
    const nodes: Record<string, NodeStats> = {};
    for (const [key, c] of this.nodes) {
      nodes[key] = { packets: c.packets, errors: c.errors, meanMs: c.windowPackets > 0 ? c.windowMs / c.windowPackets : undefined, ...(c.lastError ? { lastError: c.lastError } : {}) };
      c.windowPackets = 0;
      c.windowMs = 0;
    }
    return { ports, nodes };
  }

  /** The last frames at a node (its in-ports and out-ports), newest last, payloads folded. */
  recent(node: string): unknown[] {
    return (this.nodes.get(node)?.recent ?? []).map((f) => folded({ process: f.process, port: f.site.port, direction: f.site.direction, input: f.input, output: f.output, elapsedMs: f.elapsedMs }));
  }

  lastError(node: string): NodeStats['lastError'] {
    return this.nodes.get(node)?.lastError;
  }

  close(): void {
    this.off();
  }

  private count(frame: Frame): void {
    const node = frame.site.node;
    let c = this.nodes.get(node);
    if (!c) this.nodes.set(node, (c = { packets: 0, errors: 0, windowPackets: 0, windowMs: 0, recent: [] }));
    c.recent.push(frame);
    if (c.recent.length > RECENT) c.recent.shift();
    if (frame.site.direction === 'out') {
      const key = `${node}\u0000${frame.site.port}`;
      this.ports.set(key, (this.ports.get(key) ?? 0) + 1);
      // A wired `error` port: the error leaves here, and its handler's answer is what the in-port sees.
      if (frame.site.port === 'error' && isError(frame.output)) this.failed(c, frame.output);
      return;
    }
    c.packets++;
    c.windowPackets++;
    c.windowMs += frame.elapsedMs ?? 0;
    if (isError(frame.output)) this.failed(c, frame.output);
  }

  private failed(c: Counter, error: Error): void {
    c.errors++;
    c.lastError = { message: error.message, at: new Date().toISOString() };
  }
}
