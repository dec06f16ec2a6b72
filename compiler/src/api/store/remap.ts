import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Diagnostic, Note } from '../../diagnostics/diagnostic.ts';
import type { LocatedResource } from '../../parse/document.ts';

type Path = (string | number)[];

/**
 * The compile check builds what the store would hold, serialised one resource per file. A problem
 * found in a resource that came from the user's `-f` file is moved back to that file: the path of the
 * problem inside the serialised resource is looked up in the original entry. Parts the user did not
 * write (an `id` the store added) point at the entry itself.
 */
export function remapDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  origins: ReadonlyMap<string, LocatedResource>,
): Diagnostic[] {
  const move = <T extends { file?: string; line?: number; column?: number }>(d: T): T => {
    const entry = d.file === undefined ? undefined : origins.get(d.file);
    const text = d.file === undefined ? undefined : sources.get(d.file);
    if (!entry || text === undefined || d.line === undefined) return d;
    const { path, onKey } = pathAt(text, d.line, d.column ?? 1);
    const at = onKey ? entry.locateKey(path) : entry.locate(path);
    return { ...d, file: at.file, line: at.line, column: at.column };
  };
  return diagnostics.map((d) => {
    const moved = move(d);
    return d.notes ? { ...moved, notes: d.notes.map((n) => move<Note>(n)) } : moved;
  });
}

/** The path of the innermost value (or key) at a 1-based line and column of a YAML text. */
function pathAt(text: string, line: number, column: number): { path: Path; onKey: boolean } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const offset = (lines.lineStarts[line - 1] ?? 0) + column - 1;
  const path: Path = [];
  let node = doc.contents as Node | null;
  const inside = (n: Node | null | undefined): boolean => !!n?.range && offset >= n.range[0] && offset < n.range[2];
  while (node) {
    let next: Node | undefined;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const k = isScalar(key) ? key.value : key;
        if (inside(key)) return { path: [...path, k as string], onKey: true };
        if (inside(pair.value as Node | null)) {
          path.push(k as string);
          next = pair.value as Node;
          break;
        }
      }
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => inside(item as Node));
      if (index !== -1) {
        path.push(index);
        next = node.items[index] as Node;
      }
    }
    if (!next) break;
    node = next;
  }
  return { path, onKey: false };
}
