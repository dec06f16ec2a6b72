import { NONE } from './packet.ts';

/**
 * A text that is equal for payloads equal by value: map keys are sorted, numbers and bigints with the
 * same value agree, bytes are compared by content. Every value kind carries its own tag, so a string
 * can never collide with a number, a list or a map.
 */
export function stableKey(value: unknown): string {
  if (value === null || value === undefined) return 'z';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isNaN(value) ? 'nNaN' : `n${value === 0 ? 0 : value}`;
    case 'bigint':
      return `n${value}`;
    case 'boolean':
      return value ? 't' : 'f';
    case 'symbol':
      return value === NONE ? 'N' : `y${String(value.description)}`;
    case 'function':
      return 'F';
  }
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  if (value instanceof Uint8Array) return `b${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}`;
  if (value instanceof Error) return `e${JSON.stringify(value.message)}`;
  if (value instanceof Date) return `d${value.getTime()}`;
  const map = value as Record<string, unknown>;
  const keys = Object.keys(map).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableKey(map[k])}`).join(',')}}`;
}
