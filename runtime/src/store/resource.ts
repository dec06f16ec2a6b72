import { StoreError, type Filter, type Instance, type Resource, type ResourceType } from './types.ts';

export const DEFAULT_NAMESPACE = 'default';

/** Namespaces become folder names and channel names, so they are kept to a portable alphabet. */
const NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const ID = /^[^\s/\\]{1,128}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** What listings show instead of a value's data. */
export const REDACTED = '***';
const VALUE_KEYS = ['id', 'namespace', 'name', 'annotations', 'data'];

const FIRST = ['id', 'namespace', 'name', 'kind', 'annotations'];
const LAST = ['specs', 'inbounds', 'outbounds', 'ports', 'env', 'data'];

/** One key order for every driver (PostgreSQL's JSONB does not keep the written order). */
export function canonical(doc: Readonly<Record<string, unknown>>): Resource {
  const keys = Object.keys(doc);
  const rank = (k: string): number => (FIRST.includes(k) ? FIRST.indexOf(k) - 100 : LAST.includes(k) ? 100 + LAST.indexOf(k) : 0);
  keys.sort((a, b) => rank(a) - rank(b) || (rank(a) === 0 ? (a < b ? -1 : a > b ? 1 : 0) : 0));
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = doc[k];
  return out as unknown as Resource;
}

export function validNamespace(namespace: unknown): namespace is string {
  return typeof namespace === 'string' && NAMESPACE.test(namespace);
}

/** The label of a resource in messages: `specs/default/router` or `specs/default/<id>`. */
export function label(type: ResourceType, r: { namespace?: unknown; name?: unknown; id?: unknown }): string {
  const ns = typeof r.namespace === 'string' ? r.namespace : DEFAULT_NAMESPACE;
  const who = typeof r.name === 'string' ? r.name : typeof r.id === 'string' ? r.id : '(unnamed)';
  return `${type}/${ns}/${who}`;
}

/**
 * Checks a resource as it is about to be stored and returns a JSON-safe copy in canonical key order.
 * `where` prefixes messages (`entry 3`).
 */
export function validateResource(type: ResourceType, doc: Readonly<Record<string, unknown>>, where: string): Resource {
  const fail = (message: string): never => {
    throw new StoreError('INVALID', `${where} (${label(type, doc)}): ${message}`);
  };
  const copy = jsonCopy(doc, '', fail) as Record<string, unknown>;
  if (typeof copy.id !== 'string' || !ID.test(copy.id)) fail('`id` must be a non-empty string without spaces or slashes');
  if (!validNamespace(copy.namespace)) fail('`namespace` must be 1–63 letters, digits, `_`, `.` or `-`, starting with a letter or digit');
  if (copy.name !== undefined && (typeof copy.name !== 'string' || copy.name === '' || CONTROL.test(copy.name) || copy.name.length > 253)) {
    fail('`name` must be a non-empty string (at most 253 characters)');
  }
  if (copy.annotations !== undefined && !isStringMap(copy.annotations)) fail('`annotations` must map strings to strings');
  if (type === 'specs') {
    if (typeof copy.kind !== 'string' || copy.kind === '') fail('a spec needs a `kind`');
    if (copy.ports !== undefined && !isMap(copy.ports)) fail('`ports` must be a map of port name → connections');
    if (copy.env !== undefined && !isMap(copy.env)) fail('`env` must be a map of KEY → entries');
  } else if (type === 'values') {
    if (!('data' in copy)) fail('a value needs `data`');
    const extra = Object.keys(copy).filter((k) => !VALUE_KEYS.includes(k));
    if (extra.length > 0) fail(`a value holds only ${VALUE_KEYS.map((k) => `\`${k}\``).join(', ')}; remove ${extra.map((k) => `\`${k}\``).join(', ')}`);
    // Listings show data as `***`; writing that back would replace the secret with the mask.
    if (copy.data === REDACTED) fail('`data` is `***`, the mask of a redacted listing; write the real data (`flowc get values --show-secrets`)');
  } else {
    if (copy.name === undefined) fail('a chart needs a `name` (it becomes a node kind)');
    if (!Array.isArray(copy.specs) || copy.specs.length === 0 || !copy.specs.every((s) => isMap(s) && typeof s.kind === 'string')) {
      fail('a chart needs `specs`: a non-empty list of specs, each with a `kind`');
    }
  }
  return canonical(copy);
}

/** A filter from untrusted input: only `id`, `namespace`, `name`, each a string when present. */
export function validateFilter(filter: unknown, where: string): Filter {
  if (filter === null || filter === undefined) return {};
  if (!isMap(filter)) throw new StoreError('INVALID', `${where}: a filter must be a map with \`id\`, \`namespace\` or \`name\``);
  const out: { id?: string; namespace?: string; name?: string } = {};
  for (const key of ['id', 'namespace', 'name'] as const) {
    const v = filter[key];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string') throw new StoreError('INVALID', `${where}: filter \`${key}\` must be a string`);
    out[key] = v;
  }
  return out;
}

export function matches(r: Resource, filter: Filter): boolean {
  return (filter.id === undefined || r.id === filter.id) && (filter.namespace === undefined || r.namespace === filter.namespace) && (filter.name === undefined || r.name === filter.name);
}

export function matchesAny(r: Resource, filters: readonly Filter[]): boolean {
  return filters.length === 0 || filters.some((f) => matches(r, f));
}

export function normalizeFilters(filter: Filter | readonly Filter[] | undefined): Filter[] {
  if (filter === undefined) return [];
  const list = Array.isArray(filter) ? (filter as readonly Filter[]) : [filter as Filter];
  // One empty filter matches everything, whatever the others say.
  return list.some((f) => f.id === undefined && f.namespace === undefined && f.name === undefined) ? [] : [...list];
}

export function byNamespaceNameId(a: Resource, b: Resource): number {
  return cmp(a.namespace, b.namespace) || cmp(a.name ?? '\uffff', b.name ?? '\uffff') || cmp(a.id, b.id);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** RFC 7386: `null` removes a key, maps merge recursively, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return patch;
  const out: Record<string, unknown> = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Deep equality of JSON data, ignoring key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return false;
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);
}

function isStringMap(v: unknown): boolean {
  return isMap(v) && Object.values(v).every((x) => typeof x === 'string');
}

/** A deep copy that holds only what JSON (and JSONB) can: the store must read back what it wrote. */
function jsonCopy(v: unknown, path: string, fail: (message: string) => never): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : fail(`\`${path}\` is not a finite number`);
  if (Array.isArray(v)) return v.map((x, i) => jsonCopy(x, `${path}[${i}]`, fail));
  if (isMap(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      out[k] = jsonCopy(x, path ? `${path}.${k}` : k, fail);
    }
    return out;
  }
  return fail(`\`${path || 'resource'}\` holds a ${v instanceof Date ? 'date' : typeof v} value; only JSON data can be stored`);
}

/** Instances oldest first, then by id: the order `flowc status` prints them in. */
export function sortInstances(list: Instance[]): Instance[] {
  return list.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
}
