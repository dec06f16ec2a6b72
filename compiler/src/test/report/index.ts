import type { TestReport, TestReporter } from '../../api/types.ts';
import { formatJson } from './json.ts';
import { formatJunit } from './junit.ts';
import { formatTap } from './tap.ts';
import { formatText } from './text.ts';

export { formatCoverage } from './coverage.ts';

/** Renders a report for a terminal (`default`), CI (`junit`, `tap`) or programs (`json`). */
export function formatTestReport(report: TestReport, options: { reporter?: TestReporter; color?: boolean } = {}): string {
  switch (options.reporter ?? 'default') {
    case 'junit':
      return formatJunit(report);
    case 'tap':
      return formatTap(report);
    case 'json':
      return formatJson(report);
    default:
      return formatText(report, { color: options.color ?? false });
  }
}
