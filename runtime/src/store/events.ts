import type { ChangeEvent, ChangeListener, WatchOptions, Watcher } from './types.ts';

type Listener = ChangeListener;

/** Fans change events out to watchers. Delivery is asynchronous, so a listener never runs inside a write. */
export class EventHub {
  private readonly listeners = new Set<{ listener: Listener; options: WatchOptions }>();
  /** Called when the first watcher arrives / the last one leaves (drivers start and stop feeds). */
  constructor(private readonly hooks: { first?: () => Promise<void>; last?: () => Promise<void> } = {}) {}

  get size(): number {
    return this.listeners.size;
  }

  async add(listener: Listener, options: WatchOptions = {}): Promise<Watcher> {
    const entry = { listener, options };
    if (this.listeners.size === 0) await this.hooks.first?.();
    this.listeners.add(entry);
    let closed = false;
    return {
      close: async () => {
        if (closed) return;
        closed = true;
        this.listeners.delete(entry);
        if (this.listeners.size === 0) await this.hooks.last?.();
      },
    };
  }

  /** `at`: when the changes were committed (ms since the epoch), one time for all or one per event. */
  emit(events: readonly ChangeEvent[], at: number | readonly number[]): void {
    if (events.length === 0 || this.listeners.size === 0) return;
    const targets = [...this.listeners];
    queueMicrotask(() => {
      for (const [i, event] of events.entries()) {
        const when = typeof at === 'number' ? at : at[i]!;
        for (const { listener, options } of targets) {
          if (options.type !== undefined && options.type !== event.kind) continue;
          if (options.namespace !== undefined && options.namespace !== event.namespace) continue;
          try {
            listener(event, when);
          } catch {
            // A failing listener must not stop the others from hearing about the change.
          }
        }
      }
    });
  }
}

/** Runs tasks one at a time: a write's read-plan-check-write sequence must not interleave with another's. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
