import { codeFrameColumns } from '@babel/code-frame';
import type { Diagnostic } from './diagnostic.ts';
import { diagnosticUrl } from './explain.ts';

/**
 * Renders diagnostics for a terminal: `file:line:column severity CODE message`, a code frame, and
 * the hint. `sources` maps a file name to its text.
 */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  options: { color?: boolean } = {},
): string {
  return diagnostics.map((d) => formatOne(d, sources, options.color ?? false)).join('\n\n') + '\n';
}

function formatOne(d: Diagnostic, sources: ReadonlyMap<string, string>, color: boolean): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ''}: ` : '';
  const node = d.node ? ` (node \`${d.node}\`)` : '';
  const lines = [`${where}${d.severity} ${d.code}: ${d.message}${node}`];
  const text = d.file ? sources.get(d.file) : undefined;
  if (text !== undefined && d.line) {
    lines.push(codeFrameColumns(text, { start: { line: d.line, column: d.column ?? 1 } }, { highlightCode: color, linesAbove: 2, linesBelow: 1 }));
  }
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  for (const note of d.notes ?? []) {
    lines.push(`  note: ${note.file}:${note.line}:${note.column}: ${note.message}`);
    const source = sources.get(note.file);
    if (source !== undefined) lines.push(codeFrameColumns(source, { start: { line: note.line, column: note.column } }, { highlightCode: color, linesAbove: 0, linesBelow: 0 }));
  }
  return lines.join('\n');
}

/** The diagnostics as a JSON array, each with a `url` to its code's entry in docs/diagnostics.md. */
export function formatDiagnosticsJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(diagnostics.map((d) => ({ ...d, url: diagnosticUrl(d.code) })), null, 2) + '\n';
}
