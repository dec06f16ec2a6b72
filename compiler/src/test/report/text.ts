import { codeFrameColumns } from '@babel/code-frame';
import { formatDiagnostics } from '../../diagnostics/render.ts';
import type { TestCaseResult, TestFailure, TestReport } from '../../api/types.ts';
import { show } from '../match.ts';

/**
 * The readable report: one line per case, then each failure with expected vs actual and a code frame
 * of the case file where the failed expectation is written, then the totals.
 */
export function formatText(report: TestReport, options: { color?: boolean } = {}): string {
  const color = options.color ?? false;
  if (report.diagnostics.some((d) => d.severity === 'error')) {
    return `${formatDiagnostics(report.diagnostics, report.sources, { color })}\n${report.diagnostics.filter((d) => d.severity === 'error').length} error(s): the tests could not be built\n`;
  }
  const paint = (code: number, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  for (const r of report.results) lines.push(`${r.status === 'passed' ? paint(32, '✓') : paint(31, '✗')} ${r.name}`);
  const failed = report.results.filter((r) => r.status === 'failed');
  for (const r of failed) lines.push('', paint(31, `● ${r.name}`), ...r.failures.flatMap((f) => failureLines(f, report.sources, color)));
  lines.push('', `${report.passed} passed, ${report.failed} failed (${report.results.length} test(s), ${Math.round(report.durationMs)} ms)`);
  return `${lines.join('\n')}\n`;
}

function failureLines(f: TestFailure, sources: ReadonlyMap<string, string>, color: boolean): string[] {
  const lines = [`  ${f.file ? `${f.file}:${f.line}:${f.column}: ` : ''}${f.message}`];
  if ('expected' in f) lines.push(`    expected: ${show(f.expected)}`);
  if ('actual' in f) lines.push(`    actual:   ${show(f.actual)}`);
  const text = f.file ? sources.get(f.file) : undefined;
  if (text !== undefined && f.line) {
    const frame = codeFrameColumns(text, { start: { line: f.line, column: f.column ?? 1 } }, { highlightCode: color, linesAbove: 2, linesBelow: 1 });
    lines.push(...frame.split('\n').map((l) => `  ${l}`));
  }
  return lines;
}

export type { TestCaseResult };
