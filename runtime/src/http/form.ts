/** application/x-www-form-urlencoded with the semantics of Go's net/url (ParseQuery, Values.Encode). */
import { setOwn } from './headers.ts';
import { compareCodePoints } from './json.ts';

export type FormValues = Record<string, string[]>;

function unescape(s: string): string {
  if (s.indexOf('%') < 0) return s.indexOf('+') < 0 ? s : s.replace(/\+/g, ' ');
  const bad = /%(?![0-9a-fA-F]{2})/.exec(s);
  if (bad) throw new Error(`invalid URL escape ${JSON.stringify(s.slice(bad.index, bad.index + 3))}`);
  const chunks: Buffer[] = [];
  for (const piece of s.match(/%[0-9a-fA-F]{2}|[^%]+/g) ?? []) {
    chunks.push(piece.charCodeAt(0) === 0x25 ? Buffer.of(parseInt(piece.slice(1), 16)) : Buffer.from(piece.replace(/\+/g, ' ')));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Go's url.ParseQuery: pairs split on `&`, `;` is an error, empty pairs skipped, `+` is a space.
 * Like Go it keeps the good pairs and also reports the first error.
 */
export function parseQueryDetailed(query: string): { values: FormValues; error?: Error } {
  const values: FormValues = {};
  let error: Error | undefined;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    if (pair.includes(';')) {
      error ??= new Error('invalid semicolon separator in query');
      continue;
    }
    const eq = pair.indexOf('=');
    try {
      const key = unescape(eq < 0 ? pair : pair.slice(0, eq));
      const value = unescape(eq < 0 ? '' : pair.slice(eq + 1));
      const list = Object.hasOwn(values, key) ? values[key] : undefined;
      if (list) list.push(value);
      else setOwn(values, key, [value]);
    } catch (e) {
      error ??= e as Error;
    }
  }
  return error === undefined ? { values } : { values, error };
}

/** Throws the first error of parseQueryDetailed. */
export function parseQuery(query: string): FormValues {
  const { values, error } = parseQueryDetailed(query);
  if (error) throw error;
  return values;
}

/** Go's url.QueryEscape: unreserved characters kept, space → `+`, the rest %XX of the UTF-8 bytes. */
export function queryEscape(s: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(s);
  } catch {
    encoded = encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
  }
  return encoded.replace(/[!'()*]|%20/g, (c) => (c === '%20' ? '+' : `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
}

/** Go's url.Values.Encode: keys sorted, `k=v` pairs joined with `&`. */
export function encodeForm(values: Readonly<Record<string, readonly string[]>>): string {
  const parts: string[] = [];
  for (const key of Object.keys(values).sort(compareCodePoints)) {
    const k = queryEscape(key);
    for (const v of values[key]!) parts.push(`${k}=${queryEscape(v)}`);
  }
  return parts.join('&');
}
