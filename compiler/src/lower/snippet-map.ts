import { encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';
import { basename, join } from 'node:path';
import type { Position } from '../diagnostics/diagnostic.ts';
import type { GraphNode } from '../resolve/graph.ts';
import type { LoweredFields, SnippetMap } from './fields.ts';

/**
 * The node's JS/TS modules with a source map into the spec file. Applied after the compile cache: the
 * code's place changes with edits elsewhere in the file. The map itself is made when it is bundled into
 * an ESM bundle (a check, or what a hot swap evaluates, never reads one).
 */
export function withSnippetMaps(node: GraphNode, lowered: LoweredFields, resolveDir: string): LoweredFields {
  const resource = node.resource;
  const modules: LoweredFields['modules'] = {};
  for (const [field, module] of Object.entries(lowered.modules)) {
    if ('constant' in module) {
      modules[field] = module;
      continue;
    }
    const path = [...node.base, field];
    const file = join(resolveDir, basename(resource.file));
    const sourceMap: SnippetMap = { file, text: resource.text, comment: () => specSourceMap(module.contents, file, (line, column) => resource.locateInString(path, line, column)) };
    modules[field] = { ...module, sourceMap };
  }
  return { ...lowered, modules };
}

/** Maps a 1-based line and column of snippet code to where it stands in its spec file. */
export type LocateInSpec = (line: number, column: number) => Position;

/**
 * An inline source map comment for a snippet's code that points each token back into the spec file
 * (YAML or JSON). esbuild reads it when it bundles the snippet, so the bundle's own map, `node
 * --enable-source-maps` and debuggers show the spec's lines. The file's text is not in it: esbuild would
 * copy it into the bundle's map once per snippet (10,000 snippets: a map of 170 MB); `bundle/source-map.ts`
 * adds it once per file.
 */
export function specSourceMap(code: string, absoluteFile: string, locate: LocateInSpec): string {
  const mappings: SourceMapSegment[][] = code.split('\n').map((text, i) =>
    tokenStarts(text).map((column): SourceMapSegment => {
      const at = locate(i + 1, column + 1);
      return [column, 0, at.line - 1, at.column - 1];
    }),
  );
  const map = { version: 3, sources: [absoluteFile], names: [], mappings: encode(mappings) };
  return `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}

/** Columns (0-based) where a word or a punctuation mark starts: enough for every token to map to its own column. */
function tokenStarts(line: string): number[] {
  const starts: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') continue;
    if (i === 0 || !isWord(c) || !isWord(line[i - 1]!)) starts.push(i);
  }
  return starts;
}

function isWord(c: string): boolean {
  return /[\w$]/.test(c);
}
