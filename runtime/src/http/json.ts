/**
 * JSON as Go's encoding/json writes it for HTTP bodies: compact, keys sorted by code point (= UTF-8
 * byte order), HTML-safe escapes, a trailing newline. Empty objects and arrays stay `{}` / `[]`.
 */

/** Go stops at a nesting depth of 1000 with "encountered a cycle"; we do the same instead of overflowing. */
const MAX_DEPTH = 1000;

export function encodeJson(value: unknown): string {
  return write(value, 0) + '\n';
}

export function decodeJson(text: string, what = 'JSON'): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`invalid ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return finiteJson(text, value, what);
}

/** A number token with 309 or more digits in a row, or an exponent of three digits: the only ones that can overflow. */
const MAYBE_HUGE = /\d{309}|[eE][+-]?\d{3}/;

/**
 * `value` as JSON.parse read it from `text`, refusing numbers beyond ±1.8e308 as Go's decoder does: JSON.parse
 * makes them ±Infinity, which no JSON encoder can write back. The walk runs only when the text holds a number
 * that could be one.
 */
export function finiteJson(text: string, value: unknown, what = 'JSON'): unknown {
  if (MAYBE_HUGE.test(text) && !allFinite(value)) throw new Error(`invalid ${what}: a number is out of range (JSON numbers must fit a 64-bit float)`);
  return value;
}

function allFinite(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return false;
    } else if (typeof value === 'object' && value !== null) {
      for (const item of Array.isArray(value) ? value : Object.values(value)) stack.push(item);
    }
  }
  return true;
}

function write(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error('unsupported value');
      return Object.is(value, -0) ? '-0' : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
      return 'null';
    case 'object':
      if (value === null) return 'null';
      if (depth >= MAX_DEPTH) throw new Error('unsupported value');
      return writeObject(value, depth + 1);
    default:
      throw new Error('unsupported type');
  }
}

function writeObject(value: object, depth: number): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + write(value[i], depth);
    return out + ']';
  }
  if (value instanceof Uint8Array) return quote(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'));
  // Go's error values have no exported fields.
  if (value instanceof Error) return '{}';
  if (value instanceof Date) return write(value.getTime(), depth);
  if (value instanceof Map) {
    const entries = new Map<string, unknown>();
    for (const [k, v] of value) entries.set(String(k), v);
    return writeEntries(sortKeys([...entries.keys()]), (k) => entries.get(k), depth);
  }
  const record = value as Record<string, unknown>;
  return writeEntries(sortKeys(Object.keys(record)), (k) => record[k], depth);
}

function writeEntries(keys: readonly string[], get: (key: string) => unknown, depth: number): string {
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    out += (i === 0 ? '' : ',') + quote(key) + ':' + write(get(key), depth);
  }
  return out + '}';
}

const ASTRAL_OR_HIGH = /[\ud800-\uffff]/;

/** Default sort is UTF-16 order, which differs from code-point order only above U+D7FF. */
export function sortKeys(keys: string[]): string[] {
  keys.sort();
  if (keys.some((k) => ASTRAL_OR_HIGH.test(k))) keys.sort(compareCodePoints);
  return keys;
}

export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates (code points ≥ U+10000) above U+E000–U+FFFF. */
function rank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

const NEEDS_FIX = /[<>&\u2028\u2029]|\\ud[89a-f]/;
const FIX = /\\\\|\\u(d[89a-f][0-9a-f]{2})|[<>&\u2028\u2029]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** JSON.stringify already matches Go for controls (\b \f \n \r \t, \u00xx); add Go's HTML escapes and turn lone surrogates into U+FFFD. */
function quote(s: string): string {
  const out = JSON.stringify(s);
  if (!NEEDS_FIX.test(out)) return out;
  return out.replace(FIX, (match) => {
    if (match === '\\\\') return match;
    if (match.length === 6) return '\ufffd';
    return ESCAPES[match]!;
  });
}
