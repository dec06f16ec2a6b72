import { hostname } from 'node:os';
import type { Instance, Store } from '@flowc/runtime/store/types';
import { uuidv7 } from '@flowc/runtime/store/uuid';

/** How often a serving instance refreshes its record, so that a status can tell live from stale. */
export const HEARTBEAT_MS = 10_000;

/** An instance that missed three heartbeats is stale (killed without a chance to say so). */
export const STALE_MS = 3 * HEARTBEAT_MS;

export interface InstanceStatus extends Instance {
  readonly stale: boolean;
}

export interface NamespaceStatus {
  /** Every live instance serves the same hash, and there is at least one. */
  readonly converged: boolean;
  readonly instances: readonly InstanceStatus[];
}

/**
 * This process's record in the store: which namespace it serves, with which hash, and whether its
 * last build failed. Refreshed by a heartbeat; removed when serving stops.
 */
export class InstanceRecord implements InstanceReport {
  private record: Instance;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    namespace: string,
    private readonly onError: (message: string) => void,
    /** The process that serves: this one, or one of its workers (`--workers`). */
    pid = process.pid,
  ) {
    const now = new Date().toISOString();
    this.record = { id: uuidv7(), namespace, hash: '', state: 'failed', message: 'starting', host: hostname(), pid, startedAt: now, updatedAt: now };
    this.heartbeat = setInterval(() => void this.publish({}), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get id(): string {
    return this.record.id;
  }

  async publish(change: Partial<Instance>): Promise<void> {
    this.record = { ...this.record, ...change, updatedAt: new Date().toISOString() };
    await this.store.reportInstance(this.record).catch((error: unknown) => this.onError(`cannot record this instance in the store: ${(error as Error).message}`));
  }

  async remove(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.store.removeInstance(this.record.id).catch(() => undefined);
  }
}

/** What a context reports of what it serves: one record (`InstanceRecord`), or one per worker (`WorkerRecords`). */
export interface InstanceReport {
  publish(change: Partial<Instance>): Promise<void>;
  remove(): Promise<void>;
}

/** The instances serving a namespace (or all), and whether they serve one version. */
export async function namespaceStatus(store: Store, namespace: string | undefined, now = Date.now()): Promise<NamespaceStatus> {
  const instances = (await store.instances(namespace)).map((i) => ({ ...i, stale: now - Date.parse(i.updatedAt) > STALE_MS }));
  const live = instances.filter((i) => !i.stale);
  const hashes = new Set(live.map((i) => (i.state === 'serving' ? i.hash : `failed:${i.hash}`)));
  return { converged: live.length > 0 && hashes.size === 1 && live.every((i) => i.state === 'serving'), instances };
}
