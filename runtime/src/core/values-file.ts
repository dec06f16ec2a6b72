import type { Value } from './binding.ts';

/** A values file whose text or shape cannot be used; the message never quotes value data. */
export class ValuesFileError extends Error {
  override name = 'ValuesFileError';
  constructor(
    readonly file: string,
    /** What is wrong, without the file name (a located diagnostic says where). */
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

const ENTRY_KEYS = new Set(['id', 'namespace', 'name', 'data', 'annotations']);

/**
 * The one rule for the shape of a values file, wherever it is read (`flowc run/check/build --values`,
 * a bundle's `--values`): a list of entries, or one entry, each a map with a `name` (or an `id`) and
 * `data`, optionally a `namespace`. Problems name the entry and the key, never the data.
 */
export function valuesFromData(data: unknown, file: string): Value[] {
  if (data === null || data === undefined) return [];
  const entries = Array.isArray(data) ? data : [data];
  return entries.map((entry, i): Value => {
    const problem = entryProblem(entry);
    if (problem) throw new ValuesFileError(file, Array.isArray(data) ? `entry ${i + 1}: ${problem}` : problem);
    return entry as Value;
  });
}

/** What is wrong with one entry of a values file, or undefined. */
export function entryProblem(entry: unknown): string | undefined {
  if (!isMap(entry)) return `an entry is a map with \`name\` and \`data\`, not ${describe(entry)}`;
  const keys = Object.keys(entry);
  if (!Object.hasOwn(entry, 'data') && keys.length > 0 && keys.every((key) => !ENTRY_KEYS.has(key))) {
    return `a values file is a list of entries with \`name\` and \`data\`, but this is a map of ${list(keys)}; write each as an entry\n  - name: ${keys[0]}\n    data: …`;
  }
  const unknown = keys.filter((key) => !ENTRY_KEYS.has(key));
  if (unknown.length > 0) return `unknown ${unknown.length === 1 ? 'key' : 'keys'} ${list(unknown)}: an entry has \`name\` (or \`id\`), \`data\` and optionally \`namespace\``;
  for (const key of ['id', 'namespace', 'name'] as const) {
    if (entry[key] !== undefined && (typeof entry[key] !== 'string' || entry[key] === '')) return `\`${key}\` must be a non-empty string`;
  }
  if (entry.name === undefined && entry.id === undefined) return 'the entry has neither `name` nor `id`: specs bind a value by its name (or id)';
  if (!Object.hasOwn(entry, 'data')) return `the entry \`${String(entry.name ?? entry.id)}\` has no \`data\``;
  return undefined;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

function list(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).map((key) => `\`${key}\``);
  return keys.length > 5 ? `${shown.join(', ')} and ${keys.length - 5} more` : shown.join(', ');
}
