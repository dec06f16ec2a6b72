import { encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';
import { basename, join } from 'node:path';
import type { Position } from '../diagnostics/diagnostic.ts';
import type { GraphNode } from '../resolve/graph.ts';
import type { LoweredFields } from './fields.ts';

/**
 * The node's JS/TS modules with a source map into the spec file. Applied after the compile cache:
 * the map holds the file's text and the code's place, which edits elsewhere in the file change.
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
    const sourceMap = specSourceMap(module.contents, join(resolveDir, basename(resource.file)), resource.text, (line, column) => resource.locateInString(path, line, column));
    modules[field] = { ...module, sourceMap };
  }
  return { ...lowered, modules };
}

/** Maps a 1-based line and column of snippet code to where it stands in its spec file. */
export type LocateInSpec = (line: number, column: number) => Position;

/**
 * An inline source map comment for a snippet's code that points each token back into the spec file
 * (YAML or JSON), with the file's text as its content. esbuild reads it when it bundles the snippet,
 * so the bundle's own map, `node --enable-source-maps` and debuggers show the spec's lines.
 */
export function specSourceMap(code: string, absoluteFile: string, specText: string, locate: LocateInSpec): string {
  const mappings: SourceMapSegment[][] = code.split('\n').map((text, i) =>
    tokenStarts(text).map((column): SourceMapSegment => {
      const at = locate(i + 1, column + 1);
      return [column, 0, at.line - 1, at.column - 1];
    }),
  );
  const map = { version: 3, sources: [absoluteFile], sourcesContent: [specText], names: [], mappings: encode(mappings) };
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
