import { isMap, isSeq, Scalar, type LineCounter, type Node } from 'yaml';
import type { Diagnostics, Position } from '../diagnostics/diagnostic.ts';
import { guarded } from '../diagnostics/guard.ts';
import { invalidSpec } from '../diagnostics/messages.ts';
import { DataReader, parseYaml, spotKey as key, type Path, type Spot } from './yaml.ts';
import type { SourceFile } from '../sources/inputs.ts';

export type { Path } from './yaml.ts';

/** One top-level resource (a map) with everything needed to point back into its file. */
export class LocatedResource {
  constructor(
    readonly data: Record<string, unknown>,
    readonly file: string,
    private readonly spots: ReadonlyMap<string, Spot>,
    private readonly lines: LineCounter,
    /** The whole file's text (source maps carry it, so a debugger shows the spec). */
    readonly text: string,
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

/**
 * Parses a YAML or JSON file holding one resource, a list of them, or several `---` documents.
 * Syntax errors become YAML_SYNTAX diagnostics (limits: LIMIT_EXCEEDED); the resources that did parse
 * are still returned, as prototype-less data.
 */
export function parseResources(source: SourceFile, diagnostics: Diagnostics): LocatedResource[] {
  return guarded(diagnostics, `reading \`${source.file}\``, { at: { file: source.file, line: 1, column: 1 } }, () => parseFile(source, diagnostics), []);
}

function parseFile(source: SourceFile, diagnostics: Diagnostics): LocatedResource[] {
  const { documents, problems, lines, text } = parseYaml(source.text);
  const at = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { file: source.file, line, column: col };
  };
  for (const problem of problems) diagnostics.report(problem.log, { at: at(problem.offset) });
  const resources: LocatedResource[] = [];
  for (const doc of documents) {
    const root = doc.contents as Node | null;
    if (!root) continue;
    const items: Node[] = isSeq(root) ? root.items.map((node) => node as Node) : [root];
    const reader = new DataReader();
    for (const item of items) {
      if (!isMap(item)) {
        diagnostics.report(invalidSpec(), { at: at(item?.range?.[0] ?? 0) });
        continue;
      }
      const spots = new Map<string, Spot>();
      const read = reader.read(item, spots);
      if ('problem' in read) {
        diagnostics.report(read.problem.log, { at: at(read.problem.offset) });
        continue;
      }
      resources.push(new LocatedResource(read.value as Record<string, unknown>, source.file, spots, lines, text));
    }
  }
  return resources;
}
