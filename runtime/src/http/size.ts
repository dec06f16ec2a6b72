const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Reads a byte size as the `byteSize` schema (core/schema.ts) accepts it: a number of bytes, or `512kb`, `1mb`, `1.5MiB`, `2g`. */
export function parseSize(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$/i.exec(value);
  if (!match) throw new Error(`invalid size ${JSON.stringify(value)} (expected bytes, or e.g. 512kb, 1mb)`);
  return Math.floor(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!);
}
