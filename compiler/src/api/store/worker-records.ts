import type { Instance, Store } from '@flowc/runtime/store/types';
import type { WorkerEvent } from '../types.ts';
import { InstanceRecord, type InstanceReport } from './instance.ts';

/**
 * With `--workers`, each worker is an instance in the store (its own pid and hash, as `flowc status` lists
 * them): a worker's record follows what the cluster says of it, and a change the context publishes
 * (a failed build, a version every worker took) goes to every worker's record.
 */
export class WorkerRecords implements InstanceReport {
  private readonly records = new Map<number, InstanceRecord>();

  constructor(
    private readonly store: Store,
    private readonly namespace: string,
    private readonly onError: (message: string) => void,
  ) {}

  follow(event: WorkerEvent): void {
    if (event.pid === undefined) return;
    const known = this.records.get(event.pid);
    if (event.state === 'exited') {
      this.records.delete(event.pid);
      void known?.remove();
      return;
    }
    const record = known ?? new InstanceRecord(this.store, this.namespace, this.onError, event.pid);
    this.records.set(event.pid, record);
    void record.publish(event.state === 'serving' ? { state: 'serving', hash: event.hash ?? '', message: undefined } : { state: 'failed', message: event.message });
  }

  async publish(change: Partial<Instance>): Promise<void> {
    await Promise.all([...this.records.values()].map((record) => record.publish(change)));
  }

  async remove(): Promise<void> {
    const records = [...this.records.values()];
    this.records.clear();
    await Promise.all(records.map((record) => record.remove()));
  }
}
