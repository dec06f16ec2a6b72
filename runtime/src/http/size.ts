import type { JsonSchema } from '../core/kind.ts';

const SIZE_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*([kKmMgG][iI]?)?[bB]?\\s*$';
const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** A byte size: a number of bytes, or text such as `512kb`, `1mb`, `1.5MiB`, `2g` (units are powers of 1024). */
export const byteSize: JsonSchema = {
  description: 'a size in bytes: a number, or text such as 512kb, 1mb, 1.5MiB',
  anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: SIZE_PATTERN }],
};

export function parseSize(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$/i.exec(value);
  if (!match) throw new Error(`invalid size ${JSON.stringify(value)} (expected bytes, or e.g. 512kb, 1mb)`);
  return Math.floor(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!);
}
