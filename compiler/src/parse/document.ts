import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, Scalar, type Node } from 'yaml';
import type { Diagnostics, Position } from '../diagnostics/diagnostic.ts';
import { invalidSpec, yamlSyntax } from '../diagnostics/messages.ts';
import type { SourceFile } from '../sources/inputs.ts';

export type Path = readonly (string | number)[];

/** Where a value was written: its start, and its key's start when it sits in a map. */
interface Spot {
  readonly value: number;
  readonly key?: number;
  readonly scalar?: { readonly type: string | undefined; readonly start: number };
}

/** One top-level resource (a map) with everything needed to point back into its file. */
export class LocatedResource {
  constructor(
    readonly data: Record<string, unknown>,
    readonly file: string,
    private readonly spots: ReadonlyMap<string, Spot>,
    private readonly lines: LineCounter,
    private readonly text: string,
  ) {}

  /** The position of the value at `path`, or of the nearest enclosing value that exists. */
  locate(path: Path): Position {
    return this.position(this.find(path).value);
  }

  /** The position of the key of `path` (a field name), falling back to its value. */
  locateKey(path: Path): Position {
    const spot = this.find(path);
    return this.position(spot.key ?? spot.value);
  }

  /**
   * Maps a 1-based line/column inside the string at `path` (for example snippet code) to the file.
   * Block scalars (`|`) map line for line; quoted and plain scalars map onto their first line.
   */
  locateInString(path: Path, line: number, column: number): Position {
    const spot = this.spots.get(key(path));
    if (!spot?.scalar) return this.locate(path);
    const start = this.lines.linePos(spot.scalar.start);
    const type = spot.scalar.type;
    if (type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED) {
      // The block's indentation is set by its first non-empty line, not by the line in question.
      let first = start.line + 1;
      while (first < this.lines.lineStarts.length && this.lineText(first).trim() === '') first++;
      const indent = /^ */.exec(this.lineText(first))?.[0].length ?? 0;
      return { file: this.file, line: start.line + line, column: indent + column };
    }
    const quote = type === Scalar.QUOTE_DOUBLE || type === Scalar.QUOTE_SINGLE ? 1 : 0;
    return line === 1
      ? { file: this.file, line: start.line, column: start.col + quote + column - 1 }
      : { file: this.file, line: start.line + line - 1, column };
  }

  private lineText(line: number): string {
    const starts = this.lines.lineStarts;
    const from = starts[line - 1] ?? this.text.length;
    const to = starts[line] ?? this.text.length;
    return this.text.slice(from, to);
  }

  private find(path: Path): Spot {
    for (let n = path.length; n >= 0; n--) {
      const spot = this.spots.get(key(path.slice(0, n)));
      if (spot) return spot;
    }
    return { value: 0 };
  }

  private position(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }
}

function key(path: Path): string {
  return path.join('\u0000');
}

/**
 * Parses a YAML or JSON file holding one resource, a list of them, or several `---` documents.
 * Syntax errors become YAML_SYNTAX diagnostics; the resources that did parse are still returned.
 */
export function parseResources(source: SourceFile, diagnostics: Diagnostics): LocatedResource[] {
  const lines = new LineCounter();
  const documents = parseAllDocuments(source.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const resources: LocatedResource[] = [];
  const docs = Array.isArray(documents) ? documents : [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const { line, col } = lines.linePos(error.pos[0]);
        diagnostics.report(yamlSyntax(error.message.split('\n')[0]!), { at: { file: source.file, line, column: col } });
      }
      continue;
    }
    const root = doc.contents;
    if (!root) continue;
    const items: Array<{ node: Node; path: Path }> = isSeq(root)
      ? root.items.map((node, i) => ({ node: node as Node, path: [i] }))
      : [{ node: root as Node, path: [] }];
    for (const item of items) {
      if (!isMap(item.node)) {
        const { line, col } = lines.linePos(item.node.range?.[0] ?? 0);
        diagnostics.report(invalidSpec(), { at: { file: source.file, line, column: col } });
        continue;
      }
      const spots = new Map<string, Spot>();
      collect(item.node, [], { value: item.node.range?.[0] ?? 0 }, spots);
      resources.push(new LocatedResource(item.node.toJS(doc, { maxAliasCount: 1000 }) as Record<string, unknown>, source.file, spots, lines, source.text));
    }
  }
  return resources;
}

function collect(node: Node, path: Path, spot: Spot, spots: Map<string, Spot>): void {
  spots.set(key(path), isScalar(node) ? { ...spot, scalar: { type: node.type, start: node.range?.[0] ?? spot.value } } : spot);
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyStart = (pair.key as Node | null)?.range?.[0];
      const value = pair.value as Node | null;
      const start = value?.range?.[0] ?? keyStart ?? spot.value;
      if (value) collect(value, [...path, k], { value: start, key: keyStart }, spots);
      else spots.set(key([...path, k]), { value: start, key: keyStart });
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const child = item as Node;
      collect(child, [...path, i], { value: child.range?.[0] ?? spot.value }, spots);
    });
  }
}
