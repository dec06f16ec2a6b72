import { byNamespaceNameId, DEFAULT_NAMESPACE, isMap, label, matchesAny, mergePatch, sameJson, validateResource } from './resource.ts';
import {
  StoreError,
  type Applied,
  type ApplyOptions,
  type DeleteTarget,
  type Filter,
  type Proposal,
  type Resource,
  type ResourceInput,
  type ResourceType,
} from './types.ts';

/**
 * The rules of apply and delete, shared by every driver: a driver loads a snapshot, asks for a plan,
 * runs the check on the plan's proposal, then writes the plan's writes in one transaction.
 */

export interface Write {
  readonly op: 'store' | 'swap';
  readonly resource: Resource;
  readonly before?: Resource;
}

export interface ApplyPlan {
  readonly applied: Applied[];
  readonly writes: Write[];
  readonly proposal: Proposal;
}

/** What a driver must load before planning: every resource of these namespaces and of these ids' namespaces. */
export function applyScope(batch: readonly ResourceInput[], options: ApplyOptions = {}): { namespaces: string[]; ids: string[] } {
  const namespaces = new Set<string>();
  const ids = new Set<string>();
  for (const entry of batch) {
    if (!isMap(entry)) continue;
    namespaces.add(entryNamespace(entry, options));
    if (typeof entry.id === 'string') ids.add(entry.id);
  }
  return { namespaces: [...namespaces], ids: [...ids] };
}

function entryNamespace(entry: ResourceInput, options: ApplyOptions): string {
  return typeof entry.namespace === 'string' && entry.namespace !== '' ? entry.namespace : (options.namespace ?? DEFAULT_NAMESPACE);
}

export function planApply(type: ResourceType, batch: readonly ResourceInput[], options: ApplyOptions, snapshot: readonly Resource[], newId: () => string): ApplyPlan {
  const mode = options.mode ?? 'upsert';
  const byId = new Map(snapshot.map((r) => [r.id, r]));
  const byName = new Map<string, Resource>();
  for (const r of snapshot) if (r.name !== undefined) byName.set(nameKey(r.namespace, r.name), r);

  const seenIds = new Map<string, number>();
  const seenNames = new Map<string, number>();
  const targeted = new Map<string, number>();
  const applied: Applied[] = [];
  const writes: Write[] = [];

  batch.forEach((entry, i) => {
    const where = `entry ${i + 1}`;
    if (!isMap(entry)) throw new StoreError('INVALID', `${where}: a resource must be a map`);
    const namespace = entryNamespace(entry, options);
    const id = typeof entry.id === 'string' && entry.id !== '' ? entry.id : undefined;
    const name = typeof entry.name === 'string' && entry.name !== '' ? entry.name : undefined;
    if (id !== undefined) duplicateIn(seenIds, id, i, () => `entries ${seenIds.get(id)! + 1} and ${i + 1} have the same id \`${id}\``);
    if (name !== undefined) {
      const key = nameKey(namespace, name);
      duplicateIn(seenNames, key, i, () => `\`${name}\` appears twice in the batch (entries ${seenNames.get(key)! + 1} and ${i + 1}, namespace \`${namespace}\`)`);
    }

    const existing = id !== undefined ? byId.get(id) : name !== undefined ? byName.get(nameKey(namespace, name)) : undefined;
    let doc: Record<string, unknown>;
    if (mode === 'create') {
      if (id !== undefined && byId.has(id)) throw new StoreError('DUPLICATE', `${where}: duplicated key: ${type} id \`${id}\` already exists`);
      if (name !== undefined && byName.has(nameKey(namespace, name))) {
        throw new StoreError('DUPLICATE', `${where}: duplicated key: \`${name}\` already exists in namespace \`${namespace}\``);
      }
      doc = { ...entry, id: id ?? newId(), namespace };
    } else if (mode === 'patch') {
      if (id === undefined && name === undefined) throw new StoreError('INVALID', `${where}: a patch needs an \`id\` or a \`name\` to say what it changes`);
      if (!existing) throw new StoreError('NOT_FOUND', `${where}: ${id !== undefined ? `no ${type} with id \`${id}\`` : `no ${type} named \`${name}\` in namespace \`${namespace}\``}`);
      const merged = mergePatch(existing, { ...entry, id: existing.id }) as Record<string, unknown>;
      doc = { ...merged, namespace: typeof merged.namespace === 'string' && merged.namespace !== '' ? merged.namespace : existing.namespace };
    } else {
      doc = { ...entry, id: existing?.id ?? id ?? newId(), namespace };
    }
    if (doc.name === '' || doc.name === null) delete doc.name;

    const resource = validateResource(type, doc, where);
    if (existing) {
      const other = targeted.get(existing.id);
      if (other !== undefined) throw new StoreError('DUPLICATE', `entries ${other + 1} and ${i + 1} both change ${label(type, existing)}`);
      targeted.set(existing.id, i);
    }
    if (existing && sameJson(existing, resource)) {
      applied.push({ op: 'unchanged', resource: existing });
      return;
    }
    const op = existing ? 'swap' : 'store';
    applied.push({ op, resource });
    writes.push(existing ? { op, resource, before: existing } : { op, resource });
  });

  const after = new Map(byId);
  for (const w of writes) after.set(w.resource.id, w.resource);
  const touched = new Set<string>();
  for (const w of writes) {
    touched.add(w.resource.namespace);
    if (w.before) touched.add(w.before.namespace);
  }
  const namespaces = contents(after.values(), touched);
  for (const [namespace, list] of namespaces) {
    const names = new Map<string, Resource>();
    for (const r of list) {
      if (r.name === undefined) continue;
      const taken = names.get(r.name);
      if (taken) {
        const holder = writes.some((w) => w.resource.id === taken.id) ? r : taken;
        throw new StoreError('DUPLICATE', `duplicated key: \`${r.name}\` already exists in namespace \`${namespace}\` (${type} id \`${holder.id}\`)`);
      }
      names.set(r.name, r);
    }
  }
  return { applied, writes, proposal: { type, namespaces, applied, deleted: [] } };
}

export interface DeletePlan {
  readonly deleted: Resource[];
  readonly proposal: Proposal;
}

/** Refuses filters that name neither an id nor a name: they would match whole namespaces (§9.17, §9.21). */
export function deleteFilters(target: DeleteTarget): Filter[] | undefined {
  if ('all' in target) {
    if (target.all !== true) throw new StoreError('REFUSED', 'delete needs filters, or `all: true` to delete everything');
    return target.namespace === undefined ? undefined : [{ namespace: target.namespace }];
  }
  if (target.filters.length === 0) throw new StoreError('REFUSED', 'refusing to delete without a filter: name an `id` or a `name`');
  target.filters.forEach((f, i) => {
    if (f.id === undefined && f.name === undefined) {
      const scope = f.namespace === undefined ? 'everything' : `all of namespace \`${f.namespace}\``;
      throw new StoreError('REFUSED', `refusing to delete: filter ${i + 1} names neither an \`id\` nor a \`name\`, so it would match ${scope}`);
    }
  });
  return [...target.filters];
}

/** `filters` undefined means everything. */
export function planDelete(type: ResourceType, filters: readonly Filter[] | undefined, snapshot: readonly Resource[]): DeletePlan {
  const deleted = snapshot.filter((r) => filters === undefined || matchesAny(r, filters)).sort(byNamespaceNameId);
  const gone = new Set(deleted.map((r) => r.id));
  const touched = new Set(deleted.map((r) => r.namespace));
  const namespaces = contents(
    snapshot.filter((r) => !gone.has(r.id)),
    touched,
  );
  return { deleted, proposal: { type, namespaces, applied: [], deleted } };
}

function contents(resources: Iterable<Resource>, namespaces: ReadonlySet<string>): Map<string, Resource[]> {
  const out = new Map<string, Resource[]>([...namespaces].sort().map((ns) => [ns, []]));
  for (const r of resources) out.get(r.namespace)?.push(r);
  for (const list of out.values()) list.sort(byNamespaceNameId);
  return out;
}

function nameKey(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}

function duplicateIn(seen: Map<string, number>, key: string, i: number, message: () => string): void {
  if (seen.has(key)) throw new StoreError('DUPLICATE', message());
  seen.set(key, i);
}
