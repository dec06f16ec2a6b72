import { implement } from '../core/kind.ts';
import { parseDuration } from '../core/duration.ts';
import { isError } from '../core/packet.ts';
import { andThen, attempt } from '../core/settle.ts';
import { stableKey } from '../core/stable-key.ts';
import definition from '../kinds/cache.ts';

interface Entry {
  readonly value: unknown;
  /** Date.now() after which the entry is stale; Infinity without a TTL. */
  readonly expires: number;
}

/** Remembers the answer of `out` per input (compared by value), with LRU eviction and a TTL. */
export default implement(definition, {
  create({ fields, out, inherited }) {
    const output = out('out');
    // Across a hot swap an unchanged cache keeps its entries (a Map: each version has its own LruStore class).
    const store = new LruStore(fields.capacity ?? 0, fields.interval === undefined ? 0 : parseDuration(fields.interval), inherited instanceof Map ? (inherited as Map<string, Entry>) : undefined);
    let handedOver = false;
    return {
      inputs: {
        in(payload, proc) {
          const key = stableKey(payload);
          const hit = store.get(key);
          if (hit) return hit.value;
          return andThen(attempt(() => output.send(payload, proc)), (answer) => {
            if (!isError(answer)) store.set(key, answer);
            return answer;
          });
        },
      },
      handOver() {
        handedOver = true;
        return store.entries;
      },
      unload() {
        if (!handedOver) store.clear();
      },
    };
  },
});

/** A Map keeps insertion order: re-inserting on a hit makes its first key the least recently used. */
export class LruStore {
  private nextSweep = 0;

  constructor(
    private readonly capacity: number,
    private readonly ttl: number,
    readonly entries = new Map<string, Entry>(),
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires <= Date.now()) return undefined;
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, value: unknown): void {
    const now = Date.now();
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.ttl > 0 ? now + this.ttl : Infinity });
    if (this.capacity > 0) {
      for (const oldest of this.entries.keys()) {
        if (this.entries.size <= this.capacity) break;
        this.entries.delete(oldest);
      }
    }
    // Entries that are never asked for again would stay forever; sweep them at most once per TTL.
    if (this.ttl > 0 && now >= this.nextSweep) {
      this.nextSweep = now + this.ttl;
      for (const [k, entry] of this.entries) if (entry.expires <= now) this.entries.delete(k);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
