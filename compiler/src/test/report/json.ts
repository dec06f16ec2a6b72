import type { TestReport } from '../../api/types.ts';

/** The report as data: diagnostics, results, totals and coverage. */
export function formatJson(report: TestReport): string {
  const { sources: _sources, files: _files, ...data } = report;
  return `${JSON.stringify(data, (_key, value: unknown) => (value instanceof Error ? value.message : value), 2)}\n`;
}
