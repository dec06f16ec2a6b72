import { isTokenChar } from './mediatype.ts';

/** HTTP headers keyed by canonical name (`Content-Type`), each with its list of values. */
export type Headers = Record<string, string[]>;

const MEMO_LIMIT = 1024;
const memo = new Map<string, string>();

/**
 * Go's textproto.CanonicalMIMEHeaderKey: `content-type` → `Content-Type`. Names containing a
 * character that is not valid in a header name are returned unchanged.
 */
export function canonicalHeaderName(name: string): string {
  const hit = memo.get(name);
  if (hit !== undefined) return hit;
  const canonical = canonicalize(name);
  // Names come from clients; once full, stop caching rather than grow or churn.
  if (memo.size < MEMO_LIMIT) memo.set(name, canonical);
  return canonical;
}

function canonicalize(name: string): string {
  let out = '';
  let upper = true;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!isTokenChar(c)) return name;
    let d = c;
    if (upper && c >= 0x61 && c <= 0x7a) d = c - 0x20;
    else if (!upper && c >= 0x41 && c <= 0x5a) d = c + 0x20;
    out += String.fromCharCode(d);
    upper = c === 0x2d;
  }
  return out;
}

/** The first value of a header, or undefined when absent or empty (Go's Header.Get). */
export function headerValue(headers: Headers, name: string): string | undefined {
  const list = Object.hasOwn(headers, name) ? headers[name] : undefined;
  const value = list?.[0];
  return value === '' ? undefined : value;
}

/** Sets an own property even for `__proto__`. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
