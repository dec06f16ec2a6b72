/**
 * Source maps of program versions evaluated in this process (`flowc run`, `watch --run`), by the file name
 * each was evaluated under. Node's own source map support keeps a map for the life of the process and
 * cannot be used for versions that come and go; these entries are replaced when the next version reuses
 * the name. Shared through a registered symbol: each version bundles its own copy of the runtime.
 */
export interface FrameMap {
  /** 0-based line and column in the generated file → where they came from (a 0-based place in `originalSource`). */
  findEntry(line: number, column: number): { originalSource?: string; originalLine?: number; originalColumn?: number } | Record<string, never>;
}

const KEY: unique symbol = Symbol.for('flowc.frame-maps');

type Registry = Map<string, FrameMap>;

function registry(): Registry {
  const holder = globalThis as { [KEY]?: Registry };
  return (holder[KEY] ??= new Map());
}

export function registerFrameMap(filename: string, map: FrameMap): void {
  registry().set(filename, map);
}

/** Where a generated `file:line:col` (1-based) came from, as `source:line:col` (1-based), when a map is known. */
export function mapFrame(file: string, line: number, column: number): { source: string; line: number; column: number } | undefined {
  const map = (globalThis as { [KEY]?: Registry })[KEY]?.get(file);
  if (!map) return undefined;
  const entry = map.findEntry(line - 1, column - 1);
  if (!('originalSource' in entry) || entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) return undefined;
  return { source: entry.originalSource, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}
