import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';
import { resolve } from 'node:path';

interface SourceMapJson {
  sources: string[];
  sourcesContent?: Array<string | null>;
  mappings: string;
  [field: string]: unknown;
}

/**
 * esbuild lists a source once per input map that names it: every snippet of a spec file brings its own entry
 * for that file. This merges them into one entry per file, with the file's text (`texts`, by absolute path;
 * the snippets' maps leave it out) as its content. `outDir` is the folder esbuild's relative sources start from.
 */
export function oneSourcePerFile(text: string, texts: ReadonlyMap<string, string>, outDir: string): string {
  const map = JSON.parse(text) as SourceMapJson;
  const first = new Map<string, number>();
  const sources: string[] = [];
  const contents: Array<string | null> = [];
  const index = map.sources.map((source, i) => {
    let at = first.get(source);
    if (at === undefined) {
      at = sources.push(source) - 1;
      first.set(source, at);
      contents.push(null);
    }
    contents[at] ||= map.sourcesContent?.[i] || (texts.get(resolve(outDir, source)) ?? null);
    return at;
  });
  const merged = sources.length < map.sources.length;
  if (!merged && contents.every((content, i) => content === (map.sourcesContent?.[i] ?? null))) return text;
  const mappings = merged ? encode(decode(map.mappings).map((line) => line.map((segment) => remap(segment, index)))) : map.mappings;
  return JSON.stringify({ ...map, sources, sourcesContent: contents, mappings });
}

function remap(segment: SourceMapSegment, index: readonly number[]): SourceMapSegment {
  if (segment.length === 1) return segment;
  const moved = [...segment] as typeof segment;
  moved[1] = index[segment[1]]!;
  return moved;
}
