import { EventHub, Mutex } from './events.ts';
import { deleteFilters, planApply, planDelete, type Write } from './plan.ts';
import { byNamespaceNameId, matchesAny, normalizeFilters, sortInstances } from './resource.ts';
import { RESOURCE_TYPES, type Applied, type ApplyOptions, type ChangeEvent, type ChangeListener, type DeleteTarget, type Filter, type Instance, type Resource, type ResourceInput, type ResourceType, type Store, type WatchOptions, type Watcher } from './types.ts';
import { uuidv7 } from './uuid.ts';

/** The data of one memory store; `mem://name` stores of one process share it. */
export class MemoryData {
  readonly tables = new Map<ResourceType, Map<string, Resource>>(RESOURCE_TYPES.map((t) => [t, new Map()]));
  readonly hub = new EventHub();
  readonly mutex = new Mutex();
  readonly instances = new Map<string, Instance>();
}

const named = new Map<string, MemoryData>();

/** In-memory store: lives and dies with the process. `name` shares one store between opens. */
export function memoryStore(name?: string): Store {
  let data: MemoryData;
  if (name) {
    data = named.get(name) ?? new MemoryData();
    named.set(name, data);
  } else {
    data = new MemoryData();
  }
  return new MemoryStore(data, name ? `mem://${name}` : 'mem://');
}

class MemoryStore implements Store {
  private readonly watchers = new Set<Watcher>();

  constructor(
    private readonly data: MemoryData,
    readonly location: string,
  ) {}

  /** Changes are heard in the same process, always. */
  readonly connected = true;

  private table(type: ResourceType): Map<string, Resource> {
    return this.data.tables.get(type)!;
  }

  async list(type: ResourceType, filter?: Filter | readonly Filter[]): Promise<Resource[]> {
    const filters = normalizeFilters(filter);
    return [...this.table(type).values()].filter((r) => matchesAny(r, filters)).sort(byNamespaceNameId).map(clone);
  }

  async reportInstance(instance: Instance): Promise<void> {
    this.data.instances.set(instance.id, { ...instance });
  }

  async instances(namespace?: string): Promise<Instance[]> {
    return sortInstances([...this.data.instances.values()].filter((i) => namespace === undefined || i.namespace === namespace));
  }

  async removeInstance(id: string): Promise<void> {
    this.data.instances.delete(id);
  }

  async get(type: ResourceType, id: string): Promise<Resource | undefined> {
    const r = this.table(type).get(id);
    return r && clone(r);
  }

  apply(type: ResourceType, batch: readonly ResourceInput[], options: ApplyOptions = {}): Promise<Applied[]> {
    return this.data.mutex.run(async () => {
      const table = this.table(type);
      const plan = planApply(type, batch, options, [...table.values()], uuidv7);
      await options.check?.(plan.proposal);
      this.commit(type, plan.writes, []);
      return plan.applied.map((a) => ({ op: a.op, resource: clone(a.resource) }));
    });
  }

  async delete(type: ResourceType, target: DeleteTarget): Promise<Resource[]> {
    const filters = deleteFilters(target);
    return this.data.mutex.run(async () => {
      const plan = planDelete(type, filters, [...this.table(type).values()]);
      await target.check?.(plan.proposal);
      this.commit(type, [], plan.deleted);
      return plan.deleted.map(clone);
    });
  }

  private commit(type: ResourceType, writes: readonly Write[], deleted: readonly Resource[]): void {
    const table = this.table(type);
    const events: ChangeEvent[] = [];
    const at = Date.now();
    for (const w of writes) {
      table.set(w.resource.id, w.resource);
      events.push({ op: w.op, kind: type, namespace: w.resource.namespace, id: w.resource.id });
    }
    for (const r of deleted) {
      table.delete(r.id);
      events.push({ op: 'delete', kind: type, namespace: r.namespace, id: r.id });
    }
    this.data.hub.emit(events, at);
  }

  async watch(listener: ChangeListener, options?: WatchOptions): Promise<Watcher> {
    const inner = await this.data.hub.add(listener, options);
    const watcher: Watcher = {
      close: () => {
        this.watchers.delete(watcher);
        return inner.close();
      },
    };
    this.watchers.add(watcher);
    return watcher;
  }

  /** Stops this handle's watchers; the data stays for other handles of a named store. */
  async close(): Promise<void> {
    await Promise.all([...this.watchers].map((w) => w.close()));
  }
}

/** Callers get copies: changing a returned resource must not change the store. */
function clone(r: Resource): Resource {
  return structuredClone(r);
}
