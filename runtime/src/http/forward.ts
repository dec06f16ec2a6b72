/** Helpers shared by the nodes that forward an HTTP payload to another server (proxy, http). */
import { canonicalHeaderName, type Headers } from './headers.ts';

/** Per-connection headers (RFC 9110 §7.6.1): never forwarded by a proxy, in either direction. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** A `Connection` header naming no other header (the usual case). */
export const PLAIN_CONNECTION = /^\s*(keep-alive|close)\s*$/i;

/** Lower-case names a message does not forward: hop-by-hop ones plus those its `Connection` header lists. */
export function droppedHeaders(connection: string | readonly string[] | undefined, extra: readonly string[] = []): Set<string> {
  const dropped = new Set([...HOP_BY_HOP, ...extra]);
  const values = connection === undefined ? [] : typeof connection === 'string' ? [connection] : connection;
  for (const value of values) for (const name of value.split(',')) if (name.trim()) dropped.add(name.trim().toLowerCase());
  return dropped;
}

/** A payload's `header` map (canonical names, values as lists or scalars) as flat [name, value…] pairs. */
export function headerPairs(header: unknown, dropped: ReadonlySet<string>): string[] {
  const pairs: string[] = [];
  if (header === null || typeof header !== 'object') return pairs;
  for (const [name, value] of Object.entries(header)) {
    if (dropped.has(name.toLowerCase()) || value === null || value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) pairs.push(name, String(v));
    else pairs.push(name, String(value));
  }
  return pairs;
}

/** Raw [name, value…] pairs without the dropped names. */
export function filterPairs(raw: readonly string[], dropped: ReadonlySet<string>): string[] {
  const pairs: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (!dropped.has(raw[i]!.toLowerCase())) pairs.push(raw[i]!, raw[i + 1]!);
  return pairs;
}

/** Response headers as a payload `header` map: canonical names, lists of values, per-connection ones dropped. */
export function pairsToHeaders(raw: readonly string[]): Headers {
  let connection: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === 'connection') (connection ??= []).push(raw[i + 1]!);
  const dropped = connection && !connection.every((c) => PLAIN_CONNECTION.test(c)) ? droppedHeaders(connection) : HOP_BY_HOP;
  const headers: Headers = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (dropped.has(name.toLowerCase())) continue;
    (headers[canonicalHeaderName(name)] ??= []).push(raw[i + 1]!);
  }
  return headers;
}

/** `/base/` + `/a` → `/base/a`: exactly one slash between the target's path and the request's. */
export function joinPath(base: string, path: string): string {
  if (base === '' || base === '/') return path.startsWith('/') ? path : `/${path}`;
  if (path === '' || path === '/') return base.endsWith('/') || path === '' ? base : `${base}/`;
  const a = base.endsWith('/');
  const b = path.startsWith('/');
  if (a && b) return base + path.slice(1);
  if (!a && !b) return `${base}/${path}`;
  return base + path;
}

/** Target query first, then the request's (each without `?`). */
export function joinQuery(target: string, request: string): string {
  if (target === '') return request;
  if (request === '') return target;
  return `${target}&${request}`;
}

/** A decoded path back into URL form: every character a path must not carry raw is escaped. */
export function encodePath(path: string): string {
  return encodeURI(path).replace(/[?#]/g, (c) => (c === '?' ? '%3F' : '%23'));
}

/** A payload's `query` map (`{k: [v…]}` or scalar values) as a query string without `?`. */
export function encodeQuery(query: unknown): string {
  if (query === null || typeof query !== 'object') return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else if (value !== null && value !== undefined) params.append(key, String(value));
  }
  return params.toString();
}

/** The path and raw query of a request target (`/a%20b?x=1` → [`/a%20b`, `x=1`]). */
export function splitTarget(url: string): [string, string] {
  const q = url.indexOf('?');
  return q === -1 ? [url, ''] : [url.slice(0, q), url.slice(q + 1)];
}

export function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);
}
