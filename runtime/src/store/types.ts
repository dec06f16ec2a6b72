/**
 * The store: specs, values and charts, each scoped by a namespace. Every driver (memory, folder,
 * PostgreSQL) implements the same interface and the same rules, so a test suite can run against all.
 */

import { RESOURCE_TYPES, type ResourceType } from './resource-types.ts';

export { RESOURCE_TYPES, type ResourceType };

/** A stored resource: a plain map with its identity plus type-specific keys (`kind`, `data`, `specs`…). */
export interface Resource {
  readonly id: string;
  readonly namespace: string;
  readonly name?: string;
  readonly [key: string]: unknown;
}

/** What callers hand to apply: a resource whose identity may be incomplete. */
export type ResourceInput = Readonly<Record<string, unknown>>;

/**
 * Selects resources: every field that is set must be equal. An empty filter matches everything;
 * a list of filters matches what any of them matches.
 */
export interface Filter {
  readonly id?: string;
  readonly namespace?: string;
  readonly name?: string;
}

export type ChangeOp = 'store' | 'swap' | 'delete';

/** One committed change, as every watcher (in this process or another) receives it. */
export interface ChangeEvent {
  readonly op: ChangeOp;
  readonly kind: ResourceType;
  readonly namespace: string;
  readonly id: string;
}

/** Hears a change; `at` is when it was committed (ms since the epoch, the writer's clock): how late a watcher acts on it. */
export type ChangeListener = (event: ChangeEvent, at: number) => void;

/**
 * - `upsert` (default): replace the resource with the same `id`, else with the same `(namespace, name)`,
 *   else store a new one.
 * - `create`: store new resources only; an existing `id` or `(namespace, name)` is an error.
 * - `patch`: merge each entry (RFC 7386 merge patch) into the resource with the same `id`, else the same
 *   `(namespace, name)`; an entry that matches nothing is an error.
 */
export type ApplyMode = 'upsert' | 'create' | 'patch';

/** What one entry of a batch did. `unchanged` entries are not written and emit no event. */
export interface Applied {
  readonly op: 'store' | 'swap' | 'unchanged';
  readonly resource: Resource;
}

/**
 * The contents the store would hold after a write, per namespace the write touches, before anything
 * is written. A check that throws rejects the whole write.
 */
export interface Proposal {
  readonly type: ResourceType;
  readonly namespaces: ReadonlyMap<string, readonly Resource[]>;
  /** The entries of an apply, in batch order (empty for a delete). */
  readonly applied: readonly Applied[];
  /** The resources a delete removes (empty for an apply). */
  readonly deleted: readonly Resource[];
}

export type Check = (proposal: Proposal) => void | Promise<void>;

export interface ApplyOptions {
  /** Namespace of entries that have none (default `default`). */
  readonly namespace?: string;
  readonly mode?: ApplyMode;
  readonly check?: Check;
}

/**
 * What to delete. Filters must each name an `id` or a `name`: a filter without either would match a
 * whole namespace (or everything), which is what `all` is for.
 */
export type DeleteTarget =
  | { readonly filters: readonly Filter[]; readonly check?: Check }
  | { readonly all: true; readonly namespace?: string; readonly check?: Check };

export interface WatchOptions {
  readonly type?: ResourceType;
  readonly namespace?: string;
}

export interface Watcher {
  close(): Promise<void>;
}

/** A running program that serves a namespace from this store, as `flowc status` lists it. */
export interface Instance {
  readonly id: string;
  readonly namespace: string;
  /** Content hash of the program version it serves (empty before its first good build). */
  readonly hash: string;
  readonly state: 'serving' | 'failed';
  /** Why the last build or start failed (diagnostic text; never value data). */
  readonly message?: string;
  readonly host: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly updatedAt: string;
}

export interface Store {
  /** A description of where the data lives, without credentials (`postgres://host:5432/db?schema=s`). */
  readonly location: string;
  /** Resources matching the filter(s), sorted by namespace, name, id. No filter: everything. */
  list(type: ResourceType, filter?: Filter | readonly Filter[]): Promise<Resource[]>;
  get(type: ResourceType, id: string): Promise<Resource | undefined>;
  /** All-or-nothing: either every entry is written or none is (and a StoreError says why). */
  apply(type: ResourceType, batch: readonly ResourceInput[], options?: ApplyOptions): Promise<Applied[]>;
  /** All-or-nothing; returns what was deleted. */
  delete(type: ResourceType, target: DeleteTarget): Promise<Resource[]>;
  /** Records (or refreshes) what a running instance serves. */
  reportInstance(instance: Instance): Promise<void>;
  /** Instances of a namespace (all namespaces without one), oldest first. */
  instances(namespace?: string): Promise<Instance[]>;
  removeInstance(id: string): Promise<void>;
  /**
   * The change stream is connected: changes made by other processes are heard now (PostgreSQL: the
   * LISTEN connection is up; a folder or memory store: always). False while it reconnects.
   */
  readonly connected: boolean;
  /** Calls `listener` for every committed change, including changes made by other processes. */
  watch(listener: ChangeListener, options?: WatchOptions): Promise<Watcher>;
  close(): Promise<void>;
}

export type StoreErrorCode =
  /** A resource is malformed (missing `kind`, bad namespace…). */
  | 'INVALID'
  /** A name or id is taken, or appears twice in one batch. */
  | 'DUPLICATE'
  /** A patch names a resource that does not exist. */
  | 'NOT_FOUND'
  /** A delete without a filter and without `all`. */
  | 'REFUSED'
  /** A check (for example the compile check) rejected the write. */
  | 'REJECTED'
  /** The backing storage failed or holds data the driver cannot read. */
  | 'UNAVAILABLE';

export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isResourceType(value: unknown): value is ResourceType {
  return typeof value === 'string' && (RESOURCE_TYPES as readonly string[]).includes(value);
}
