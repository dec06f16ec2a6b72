/**
 * JSON as Go's encoding/json writes it for HTTP bodies: compact, keys sorted by code point (= UTF-8
 * byte order), HTML-safe escapes, a trailing newline. Empty objects and arrays stay `{}` / `[]`.
 */

import { configure } from 'safe-stable-stringify';

/**
 * safe-stable-stringify writes the JSON: keys sorted (by code point, see compareCodePoints), bigints exact,
 * cycles refused. What Go's encoder writes differently from JSON.stringify is shaped by `goValue` before a
 * value is written, and by `goEscapes` after.
 */
const stringify = configure({ bigint: true, circularValue: Error, deterministic: compareCodePoints });

export function encodeJson(value: unknown): string {
  return encodeJsonText(value) + '\n';
}

/** The JSON document alone, without the trailing newline (a broker message carries none). */
export function encodeJsonText(value: unknown): string {
  return goEscapes(plainJson(value, 0) ?? stringifyGo(value));
}

/** The general writer, for any value: what `plainJson` writes too, for the values it takes. */
export function encodeJsonGeneral(value: unknown): string {
  return goEscapes(stringifyGo(value));
}

function stringifyGo(value: unknown): string {
  try {
    return stringify(value, goValue)!;
  } catch (error) {
    throw error instanceof UnsupportedJson ? error : new UnsupportedJson('unsupported value', { cause: error });
  }
}

/** Deeper than this, `plainJson` leaves the value to the general writer (which also refuses cycles). */
const PLAIN_DEPTH = 64;

/**
 * Most payloads are plain JSON: strings, booleans, null, finite numbers other than -0, and plain objects and
 * dense arrays of them. Those are written here in one walk, keys sorted as the general writer sorts them,
 * without a replacer call per value; anything else (undefined, -0, bytes, dates, maps, errors, bigints, class
 * instances, holes, cycles) makes it answer undefined, and the general writer writes the whole value.
 */
function plainJson(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? JSON.stringify(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (depth >= PLAIN_DEPTH) return undefined;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto === Array.prototype) {
        const list = value as unknown[];
        let out = '[';
        for (let i = 0; i < list.length; i++) {
          const item = plainJson(list[i], depth + 1);
          if (item === undefined) return undefined;
          out += i === 0 ? item : `,${item}`;
        }
        return `${out}]`;
      }
      if (proto !== Object.prototype && proto !== null) return undefined;
      const map = value as Record<string, unknown>;
      const keys = Object.keys(map);
      if (keys.length > 1) keys.sort(compareCodePoints);
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const item = plainJson(map[key], depth + 1);
        if (item === undefined) return undefined;
        out += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${item}`;
      }
      return `${out}}`;
    }
    default:
      return undefined;
  }
}

class UnsupportedJson extends Error {}

/**
 * Replacer: the values JSON.stringify has no Go form for. `this[key]` is the value before its own toJSON
 * (a Buffer's or a Date's), which is what Go would see.
 */
function goValue(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  switch (typeof original) {
    case 'number':
      if (!Number.isFinite(original)) throw new UnsupportedJson('unsupported value');
      return Object.is(original, -0) ? NEGATIVE_ZERO : original;
    case 'undefined':
      return null;
    case 'function':
    case 'symbol':
      throw new UnsupportedJson('unsupported type');
    case 'object':
      if (original instanceof Uint8Array) return Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('base64');
      // Go's error values have no exported fields.
      if (original instanceof Error) return {};
      if (original instanceof Date) return original.getTime();
      if (original instanceof Map) return Object.fromEntries([...original].map(([k, v]) => [String(k), v]));
      return value;
    default:
      return value;
  }
}

/** Go writes -0 as `-0`; JSON.stringify writes `0`. A string no payload holds stands in for it, then is put back. */
const NEGATIVE_ZERO = `\u0000-0:${Math.random().toString(36).slice(2)}\u0000`;
const NEGATIVE_ZERO_TEXT = JSON.stringify(NEGATIVE_ZERO);

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

/** Go sorts map keys by their UTF-8 bytes, which is code-point order; JS compares UTF-16 units, which differs above U+D7FF. */
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

const NEEDS_FIX = /[<>&\u2028\u2029]|\\ud[89a-f]|\\u0000-0:/;
const FIX = /\\\\|\\u(d[89a-f][0-9a-f]{2})|[<>&\u2028\u2029]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** Go's HTML escapes inside strings, lone surrogates as U+FFFD, and -0 put back (see NEGATIVE_ZERO). */
function goEscapes(text: string): string {
  if (!NEEDS_FIX.test(text)) return text;
  return text.split(NEGATIVE_ZERO_TEXT).join('-0').replace(FIX, (match) => {
    if (match === '\\\\') return match;
    if (match.length === 6) return '\ufffd';
    return ESCAPES[match]!;
  });
}
