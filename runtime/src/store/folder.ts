import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, watch as watchFs, writeFileSync, type FSWatcher, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { EventHub, Mutex } from './events.ts';
import { deleteFilters, planApply, planDelete, type Write } from './plan.ts';
import { byNamespaceNameId, isMap, matchesAny, normalizeFilters, sortInstances, validateResource, validNamespace } from './resource.ts';
import {
  RESOURCE_TYPES,
  StoreError,
  type Applied,
  type ApplyOptions,
  type ChangeEvent, type ChangeListener,
  type DeleteTarget,
  type Filter,
  type Instance,
  type Resource,
  type ResourceInput,
  type ResourceType,
  type Store,
  type WatchOptions,
  type Watcher,
} from './types.ts';
import { uuidFromName, uuidv7 } from './uuid.ts';

/**
 * A folder of YAML files, one file per namespace and type:
 *
 *     flows/<namespace>/specs.yaml    a list of specs
 *     flows/<namespace>/values.yaml   a list of values
 *     flows/<namespace>/charts.yaml   a list of charts
 *
 * The files are ordinary spec files: edit them by hand, keep them in git, or build one directly with
 * `flowc build flows/<namespace>/specs.yaml`. An entry without an `id` gets one derived from its name,
 * so hand-written entries keep a stable identity. A batch is written with one rename per file, under a
 * lock directory (`.flowc.lock`) that serialises writers across processes. Watchers see changes made
 * by any process (including hand edits) through fs.watch.
 */
export function folderStore(path: string): Store {
  return new FolderStore(resolve(path));
}

const LOCK = '.flowc.lock';
const STALE_LOCK_MS = 30_000;
const LOCK_TIMEOUT_MS = 15_000;
const POLL_MS = 1_000;

type Snapshot = Map<string, { readonly event: Omit<ChangeEvent, 'op'>; readonly json: string }>;

class FolderStore implements Store {
  readonly location: string;
  private readonly mutex = new Mutex();
  private readonly hub: EventHub;
  private readonly watchers = new Set<Watcher>();
  private fsWatcher: FSWatcher | undefined;
  private readonly folderWatchers = new Map<string, FSWatcher>();
  private snapshot: Snapshot | undefined;
  private rescanTimer: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;

  /** Changes on disk are heard through fs.watch and a poll: always. */
  readonly connected = true;

  constructor(private readonly root: string) {
    this.location = root;
    this.hub = new EventHub({ first: async () => this.startWatching(), last: async () => this.stopWatching() });
  }

  async list(type: ResourceType, filter?: Filter | readonly Filter[]): Promise<Resource[]> {
    const filters = normalizeFilters(filter);
    return this.readType(type).filter((r) => matchesAny(r, filters)).sort(byNamespaceNameId);
  }

  /** Instances live in `.instances/<id>.json`, outside every namespace folder (names cannot start with a dot). */
  async reportInstance(instance: Instance): Promise<void> {
    const dir = join(this.root, '.instances');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${instance.id}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(instance));
    renameSync(`${file}.tmp`, file);
  }

  async instances(namespace?: string): Promise<Instance[]> {
    const dir = join(this.root, '.instances');
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const list = names.flatMap((n): Instance[] => {
      try {
        return [JSON.parse(readFileSync(join(dir, n), 'utf8')) as Instance];
      } catch {
        return [];
      }
    });
    return sortInstances(list.filter((i) => namespace === undefined || i.namespace === namespace));
  }

  async removeInstance(id: string): Promise<void> {
    rmSync(join(this.root, '.instances', `${id}.json`), { force: true });
  }

  async get(type: ResourceType, id: string): Promise<Resource | undefined> {
    return this.readType(type).find((r) => r.id === id);
  }

  apply(type: ResourceType, batch: readonly ResourceInput[], options: ApplyOptions = {}): Promise<Applied[]> {
    return this.locked(async () => {
      const plan = planApply(type, batch, options, this.readType(type), uuidv7);
      await options.check?.(plan.proposal);
      this.commit(type, plan.writes, [], plan.proposal.namespaces);
      return plan.applied;
    });
  }

  async delete(type: ResourceType, target: DeleteTarget): Promise<Resource[]> {
    const filters = deleteFilters(target);
    return this.locked(async () => {
      const plan = planDelete(type, filters, this.readType(type));
      await target.check?.(plan.proposal);
      this.commit(type, [], plan.deleted, plan.proposal.namespaces);
      return plan.deleted;
    });
  }

  async watch(listener: ChangeListener, options?: WatchOptions): Promise<Watcher> {
    const inner = await this.hub.add(listener, options);
    const watcher: Watcher = {
      close: () => {
        this.watchers.delete(watcher);
        return inner.close();
      },
    };
    this.watchers.add(watcher);
    return watcher;
  }

  async close(): Promise<void> {
    await Promise.all([...this.watchers].map((w) => w.close()));
  }

  private file(namespace: string, type: ResourceType): string {
    return join(this.root, namespace, `${type}.yaml`);
  }

  private namespaces(): string[] {
    let entries;
    try {
      entries = readdirSync(this.root, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new StoreError('UNAVAILABLE', `cannot read ${this.root}: ${(error as Error).message}`, { cause: error });
    }
    return entries.filter((e) => e.isDirectory() && validNamespace(e.name)).map((e) => e.name).sort();
  }

  private readType(type: ResourceType): Resource[] {
    return this.namespaces().flatMap((ns) => this.readFile(ns, type));
  }

  /** Parsed files by path; a file is parsed again only when its inode, size or mtime changes. */
  private readonly parsed = new Map<string, { readonly stamp: string; readonly resources: readonly Resource[] }>();

  private readFile(namespace: string, type: ResourceType): Resource[] {
    const file = this.file(namespace, type);
    let text: string;
    let stamp: string;
    try {
      const stat = statSync(file);
      stamp = stampOf(stat);
      const cached = this.parsed.get(file);
      if (cached?.stamp === stamp) return cached.resources.map((r) => structuredClone(r));
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new StoreError('UNAVAILABLE', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
    }
    const resources = this.parseFile(file, text, namespace, type);
    this.parsed.set(file, { stamp, resources });
    return resources.map((r) => structuredClone(r));
  }

  private parseFile(file: string, text: string, namespace: string, type: ResourceType): Resource[] {
    const entries: unknown[] = [];
    for (const doc of parseAllDocuments(text)) {
      if (!('errors' in doc) || doc.errors.length > 0) {
        const problem = 'errors' in doc ? doc.errors[0]?.message : 'not a YAML document';
        throw new StoreError('UNAVAILABLE', `${file}: ${problem}`);
      }
      const data: unknown = doc.toJS();
      if (data === null || data === undefined) continue;
      if (Array.isArray(data)) entries.push(...(data as unknown[]));
      else entries.push(data);
    }
    return entries.map((entry, i) => {
      if (!isMap(entry)) throw new StoreError('UNAVAILABLE', `${file}: entry ${i + 1} is not a map`);
      if (entry.namespace !== undefined && entry.namespace !== namespace) {
        throw new StoreError('UNAVAILABLE', `${file}: entry ${i + 1} says namespace \`${String(entry.namespace)}\` but lives in the folder of \`${namespace}\``);
      }
      const id = typeof entry.id === 'string' && entry.id !== '' ? entry.id : uuidFromName(`${type}/${namespace}/${typeof entry.name === 'string' ? entry.name : `#${i}`}`);
      try {
        return validateResource(type, { ...entry, id, namespace }, `${file}: entry ${i + 1}`);
      } catch (error) {
        throw new StoreError('UNAVAILABLE', (error as Error).message, { cause: error });
      }
    });
  }

  private commit(type: ResourceType, writes: readonly Write[], deleted: readonly Resource[], after: ReadonlyMap<string, readonly Resource[]>): void {
    if (writes.length === 0 && deleted.length === 0) return;
    const staged: Array<{ temp?: string; file: string; dir: string; namespace: string }> = [];
    for (const [namespace, list] of after) {
      const dir = join(this.root, namespace);
      const file = this.file(namespace, type);
      if (list.length === 0) {
        staged.push({ file, dir, namespace });
        continue;
      }
      mkdirSync(dir, { recursive: true });
      const temp = join(dir, `.${type}.yaml.${process.pid}.tmp`);
      writeFileSync(temp, `# flowc store: ${type} of namespace ${namespace}\n${stringify(list, { lineWidth: 0, aliasDuplicateObjects: false })}`);
      staged.push({ temp, file, dir, namespace });
    }
    for (const s of staged) {
      if (s.temp) {
        renameSync(s.temp, s.file);
        this.parsed.set(s.file, { stamp: stampOf(statSync(s.file)), resources: structuredClone(after.get(s.namespace) ?? []) });
      } else {
        rmSync(s.file, { force: true });
        try {
          rmdirSync(s.dir); // only when nothing else is left in it
        } catch {
          /* other types still live there */
        }
      }
    }
    const at = Date.now();
    const events: ChangeEvent[] = [
      ...writes.map((w): ChangeEvent => ({ op: w.op, kind: type, namespace: w.resource.namespace, id: w.resource.id })),
      ...deleted.map((r): ChangeEvent => ({ op: 'delete', kind: type, namespace: r.namespace, id: r.id })),
    ];
    if (this.snapshot) {
      // Our own writes are announced now; the fs.watch rescan that follows finds nothing new.
      for (const w of writes) this.snapshot.set(key(type, w.resource.id), entry(type, w.resource));
      for (const r of deleted) this.snapshot.delete(key(type, r.id));
      this.hub.emit(events, at);
    }
  }

  /** Serialises writers of this process (mutex) and of other processes (a lock directory). */
  private locked<T>(task: () => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      mkdirSync(this.root, { recursive: true });
      const lock = join(this.root, LOCK);
      const deadline = Date.now() + LOCK_TIMEOUT_MS;
      for (;;) {
        try {
          mkdirSync(lock);
          break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
          if (age > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
          else if (Date.now() > deadline) throw new StoreError('UNAVAILABLE', `${this.root} is locked by another writer (remove ${lock} if no flowc is running)`);
          else await new Promise((r) => setTimeout(r, 20));
        }
      }
      try {
        return await task();
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    });
  }

  private scan(): Snapshot {
    const snap: Snapshot = new Map();
    for (const type of RESOURCE_TYPES) for (const r of this.readType(type)) snap.set(key(type, r.id), entry(type, r));
    return snap;
  }

  private startWatching(): void {
    mkdirSync(this.root, { recursive: true });
    this.snapshot = this.scan();
    this.watchFolders();
    // Belt and braces: a folder created and written between two events is caught by the poll.
    this.poll = setInterval(() => this.rescan(), POLL_MS);
    this.poll.unref();
  }

  /**
   * One non-recursive fs.watch on the root (namespaces come and go) and one per namespace folder
   * (its files are replaced by rename): Node 20's recursive watch on Linux misses some renames.
   */
  private watchFolders(): void {
    const changed = (): void => {
      clearTimeout(this.rescanTimer);
      this.rescanTimer = setTimeout(() => this.rescan(), 25);
    };
    const watchOne = (dir: string, onChange: () => void): FSWatcher | undefined => {
      try {
        const w = watchFs(dir, onChange);
        w.on('error', () => undefined);
        return w;
      } catch {
        return undefined; // the folder vanished meanwhile; the root watcher will tell
      }
    };
    const sync = (): void => {
      const wanted = new Set(this.namespaces());
      for (const [ns, w] of this.folderWatchers) {
        if (wanted.has(ns)) continue;
        w.close();
        this.folderWatchers.delete(ns);
      }
      for (const ns of wanted) {
        if (this.folderWatchers.has(ns)) continue;
        const w = watchOne(join(this.root, ns), changed);
        if (w) this.folderWatchers.set(ns, w);
      }
    };
    this.fsWatcher = watchOne(this.root, () => {
      sync();
      changed();
    });
    sync();
  }

  private stopWatching(): void {
    clearTimeout(this.rescanTimer);
    clearInterval(this.poll);
    this.fsWatcher?.close();
    this.fsWatcher = undefined;
    for (const w of this.folderWatchers.values()) w.close();
    this.folderWatchers.clear();
    this.snapshot = undefined;
  }

  /** Turns what changed on disk (another process, a hand edit) into events. */
  private rescan(): void {
    const before = this.snapshot;
    if (!before) return;
    let now: Snapshot;
    try {
      now = this.scan();
    } catch {
      return; // a file caught half-edited: the next change event rescans
    }
    const events: ChangeEvent[] = [];
    const times: number[] = [];
    const detected = Date.now();
    // Another writer's change was committed when its file was renamed into place: the file's mtime.
    const writtenAt = (event: Omit<ChangeEvent, 'op'>): number => {
      try {
        return Math.min(detected, statSync(this.file(event.namespace, event.kind)).mtimeMs);
      } catch {
        return detected;
      }
    };
    for (const [k, v] of now) {
      const old = before.get(k);
      if (old && old.json === v.json) continue;
      events.push({ op: old ? 'swap' : 'store', ...v.event });
      times.push(writtenAt(v.event));
    }
    for (const [k, v] of before) {
      if (now.has(k)) continue;
      events.push({ op: 'delete', ...v.event });
      times.push(detected);
    }
    this.snapshot = now;
    this.hub.emit(events, times);
  }
}

/** A rename (every write) gives a new inode; a hand edit in place changes size or mtime. */
function stampOf(stat: Stats): string {
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

function key(type: ResourceType, id: string): string {
  return `${type}\u0000${id}`;
}

function entry(type: ResourceType, r: Resource): { event: Omit<ChangeEvent, 'op'>; json: string } {
  return { event: { kind: type, namespace: r.namespace, id: r.id }, json: JSON.stringify(r) };
}
