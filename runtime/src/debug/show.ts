import { stringify } from 'yaml';
import { NONE } from '../core/packet.ts';

/** How much of a payload is printed before it is folded. */
export interface FoldLimits {
  readonly chars: number;
  readonly items: number;
  readonly depth: number;
}

export const FOLD: FoldLimits = { chars: 200, items: 20, depth: 8 };

/**
 * A payload as plain data a person can read: long strings, lists and maps are cut with a note of what
 * was left out, bytes become their size, errors their message, NONE `(none)`.
 */
export function folded(value: unknown, limits: FoldLimits = FOLD, depth = 0): unknown {
  if (value === NONE) return '(none)';
  if (value === undefined) return null;
  if (typeof value === 'string') return value.length > limits.chars ? `${value.slice(0, limits.chars)}… (${value.length - limits.chars} more chars)` : value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) return { error: value.message };
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (depth >= limits.depth) return '…';
  if (Array.isArray(value)) {
    const items = value.slice(0, limits.items).map((v) => folded(v, limits, depth + 1));
    if (value.length > limits.items) items.push(`… (${value.length - limits.items} more items)`);
    return items;
  }
  const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries.slice(0, limits.items)) out[k] = folded(v, limits, depth + 1);
  if (entries.length > limits.items) out['…'] = `${entries.length - limits.items} more keys`;
  return out;
}

/** YAML of a folded value, long lines folded at 100 columns. */
export function toYaml(value: unknown, limits: FoldLimits = FOLD): string {
  return stringify(folded(value, limits), { lineWidth: 100, minContentWidth: 40 });
}
