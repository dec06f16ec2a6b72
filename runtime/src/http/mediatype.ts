/**
 * Media type parsing with the semantics of Go's mime.ParseMediaType, which uniflow uses for
 * Accept, Accept-Encoding, Content-Type and Content-Disposition values.
 *
 * Kept hand-written on purpose (issue 15 §5). `content-type` 2.x (3.x needs Node 22) never refuses a
 * value where Go does, and a body's media type decides how it is decoded: it accepts `text/plain extra`,
 * `text/`, `a/b/c` and an empty value, reads `a; b=1 c=2` as b = `1 c=2`, takes the first of two equal
 * parameters (an error in Go), drops the backslash before any character (Go keeps it before a
 * non-special: `\c`) and leaves RFC 2231 `filename*=utf-8''…` undecoded. Restoring Go's answers around
 * it would take this parser again, so the package is not used.
 */

export interface MediaType {
  /** Lower-cased `type/subtype`, or a bare token such as `gzip` or `form-data`. */
  readonly type: string;
  /** Parameter names are lower-cased; values keep their case. */
  readonly params: Readonly<Record<string, string>>;
}

const TSPECIALS = '()<>@,;:\\"/[]?=';
const TOKEN = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) TOKEN[c] = TSPECIALS.includes(String.fromCharCode(c)) ? 0 : 1;

export function isTokenChar(c: number): boolean {
  return c < 128 && TOKEN[c] === 1;
}

function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

function tokenEnd(s: string, i: number): number {
  while (i < s.length && isTokenChar(s.charCodeAt(i))) i++;
  return i;
}

/** `token` or `token/token`, already lower-cased and trimmed; anything else is invalid. */
function isValidBase(base: string): boolean {
  const typeEnd = tokenEnd(base, 0);
  if (typeEnd === 0) return false;
  if (typeEnd === base.length) return true;
  if (base.charCodeAt(typeEnd) !== 0x2f) return false;
  const subEnd = tokenEnd(base, typeEnd + 1);
  return subEnd > typeEnd + 1 && subEnd === base.length;
}

/** The media type without parameters, or undefined when it is malformed. Parameters are not checked. */
export function mediaTypeBase(value: string): string | undefined {
  const semi = value.indexOf(';');
  const base = (semi < 0 ? value : value.slice(0, semi)).toLowerCase().trim();
  return isValidBase(base) ? base : undefined;
}

/** Reads a token or a quoted string at `i`; returns [value, end] or undefined. */
function consumeValue(s: string, i: number): [string, number] | undefined {
  if (s.charCodeAt(i) !== 0x22) {
    const end = tokenEnd(s, i);
    return end === i ? undefined : [s.slice(i, end), end];
  }
  let out = '';
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x22) return [out, j + 1];
    if (c === 0x5c && j + 1 < s.length && TSPECIALS.includes(s.charAt(j + 1))) {
      out += s.charAt(++j);
    } else if (c === 0x0d || c === 0x0a) {
      return undefined;
    } else {
      out += s.charAt(j);
    }
  }
  return undefined;
}

/** RFC 2231 `charset'lang'pct-encoded`, only for utf-8 and us-ascii like Go. */
function decodeExtValue(v: string): string | undefined {
  const parts = v.split("'");
  if (parts.length !== 3) return undefined;
  const charset = parts[0]!.toLowerCase();
  if ((charset !== 'utf-8' && charset !== 'us-ascii') || parts[2] === '') return undefined;
  if (/%(?![0-9a-fA-F]{2})/.test(parts[2]!)) return undefined;
  const raw = parts[2]!.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(raw, 'latin1').toString('utf8');
}

/**
 * Parses `type/subtype; k=v; k2="quoted"`. Returns undefined for anything Go reports as an error
 * (bad base, malformed or duplicate parameter). A trailing `;` is tolerated.
 * `name*=utf-8''...` (RFC 2231, single part) sets `name`; continuations are not supported.
 */
export function parseMediaType(value: string): MediaType | undefined {
  const semi = value.indexOf(';');
  const base = (semi < 0 ? value : value.slice(0, semi)).toLowerCase().trim();
  if (!isValidBase(base)) return undefined;
  const params: Record<string, string> = {};
  if (semi < 0) return { type: base, params };
  const extended: Record<string, string> = {};
  let i = semi;
  for (;;) {
    i = skipSpace(value, i);
    if (i >= value.length) break;
    const start = i;
    const param = readParam(value, i);
    if (param === undefined) {
      if (value.slice(start).trim() === ';') break;
      return undefined;
    }
    const [key, val, end] = param;
    const target = key.endsWith('*') ? extended : params;
    if (Object.hasOwn(target, key)) return undefined;
    target[key] = val;
    i = end;
  }
  for (const key of Object.keys(extended)) {
    const decoded = decodeExtValue(extended[key]!);
    if (decoded !== undefined) params[key.slice(0, -1)] = decoded;
  }
  return { type: base, params };
}

function readParam(s: string, i: number): [string, string, number] | undefined {
  if (s.charCodeAt(i) !== 0x3b) return undefined;
  i = skipSpace(s, i + 1);
  const keyEnd = tokenEnd(s, i);
  if (keyEnd === i) return undefined;
  const key = s.slice(i, keyEnd).toLowerCase();
  i = skipSpace(s, keyEnd);
  if (s.charCodeAt(i) !== 0x3d) return undefined;
  i = skipSpace(s, i + 1);
  const value = consumeValue(s, i);
  if (value === undefined) return undefined;
  return [key, value[0], value[1]];
}

/** Go's mime.FormatMediaType for ASCII values: parameters sorted, non-token values quoted. */
export function formatMediaType(type: string, params: Readonly<Record<string, string>>): string {
  let out = type;
  for (const key of Object.keys(params).sort()) {
    const v = params[key]!;
    const token = v !== '' && tokenEnd(v, 0) === v.length;
    out += `; ${key}=${token ? v : `"${v.replace(/["\\]/g, '\\$&')}"`}`;
  }
  return out;
}
