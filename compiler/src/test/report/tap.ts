import type { TestReport } from '../../api/types.ts';
import { show } from '../match.ts';

/** TAP version 13: `ok`/`not ok` per test, failures as YAML diagnostics blocks. */
export function formatTap(report: TestReport): string {
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return `TAP version 13\n1..0\nBail out! the tests could not be built: ${errors.map((d) => `${d.file ?? ''}:${d.line ?? 0}:${d.column ?? 0} ${d.code} ${d.message}`).join('; ')}\n`;
  const out = ['TAP version 13', `1..${report.results.length}`];
  report.results.forEach((r, i) => {
    out.push(`${r.status === 'passed' ? 'ok' : 'not ok'} ${i + 1} - ${r.name.replace(/#/g, '\\#')}`);
    if (r.status === 'failed') {
      out.push('  ---');
      for (const f of r.failures) {
        out.push(`  - message: ${JSON.stringify(f.message)}`, `    at: ${JSON.stringify(`${f.file ?? r.file}:${f.line ?? r.line}:${f.column ?? r.column}`)}`);
        if ('expected' in f) out.push(`    expected: ${JSON.stringify(show(f.expected))}`);
        if ('actual' in f) out.push(`    actual: ${JSON.stringify(show(f.actual))}`);
      }
      out.push('  ...');
    }
  });
  out.push(`# pass ${report.passed}`, `# fail ${report.failed}`);
  return `${out.join('\n')}\n`;
}
