/** Comparing what a case expects with what happened: exact equality and "contains" (a subset). */

/** Structural equality of JSON-like values; numbers compare by value, maps ignore key order. */
export function equal(expected: unknown, actual: unknown): boolean {
  if (Object.is(expected, actual)) return true;
  if (typeof expected === 'number' && typeof actual === 'number') return expected === actual;
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.length === actual.length && expected.every((e, i) => equal(e, actual[i]));
  if (isMap(expected)) {
    if (!isMap(actual)) return false;
    const keys = Object.keys(expected);
    return keys.length === Object.keys(actual).length && keys.every((k) => k in actual && equal(expected[k], actual[k]));
  }
  return false;
}

/**
 * `actual` contains `expected`: every key of an expected map is in the actual map with a value that
 * contains the expected one; an expected list matches a list of the same length item by item; a
 * string is found inside an actual string; anything else is equal.
 */
export function contains(expected: unknown, actual: unknown): boolean {
  if (isMap(expected)) return isMap(actual) && Object.keys(expected).every((k) => k in actual && contains(expected[k], actual[k]));
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.length === actual.length && expected.every((e, i) => contains(e, actual[i]));
  if (typeof expected === 'string' && typeof actual === 'string') return actual.includes(expected);
  return equal(expected, actual);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** A value as a report shows it: JSON, bytes as text, errors as their message. */
export function show(value: unknown): string {
  if (value === undefined) return '(nothing)';
  if (value instanceof Error) return `error: ${value.message}`;
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('utf8'));
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
