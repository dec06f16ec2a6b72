import type { TestReport } from '../../api/types.ts';
import { show } from '../match.ts';

/** JUnit XML, one `<testsuite>` per file, which CI systems read. */
export function formatJunit(report: TestReport): string {
  const byFile = new Map<string, TestReport['results'][number][]>();
  for (const r of report.results) {
    let list = byFile.get(r.file);
    if (!list) byFile.set(r.file, (list = []));
    list.push(r);
  }
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="flowc test" tests="${report.results.length}" failures="${report.failed}" errors="${report.diagnostics.filter((d) => d.severity === 'error').length}" time="${seconds(report.durationMs)}">`];
  for (const d of report.diagnostics.filter((x) => x.severity === 'error')) {
    out.push(`  <testsuite name="${xml(d.file ?? 'build')}" tests="1" failures="0" errors="1">`, `    <testcase name="build" classname="${xml(d.file ?? 'build')}">`, `      <error message="${xml(`${d.code}: ${d.message}`)}">${xml(`${d.file ?? ''}:${d.line ?? 0}:${d.column ?? 0} ${d.hint ?? ''}`)}</error>`, '    </testcase>', '  </testsuite>');
  }
  for (const [file, results] of byFile) {
    const failures = results.filter((r) => r.status === 'failed').length;
    const time = results.reduce((t, r) => t + r.durationMs, 0);
    out.push(`  <testsuite name="${xml(file)}" tests="${results.length}" failures="${failures}" errors="0" time="${seconds(time)}">`);
    for (const r of results) {
      const name = r.name.startsWith(`${file} › `) ? r.name.slice(file.length + 3) : r.name;
      if (r.status === 'passed') {
        out.push(`    <testcase name="${xml(name)}" classname="${xml(file)}" time="${seconds(r.durationMs)}"/>`);
        continue;
      }
      out.push(`    <testcase name="${xml(name)}" classname="${xml(file)}" time="${seconds(r.durationMs)}">`);
      for (const f of r.failures) {
        const detail = [`${f.file ?? file}:${f.line ?? r.line}:${f.column ?? r.column}`, ...('expected' in f ? [`expected: ${show(f.expected)}`] : []), ...('actual' in f ? [`actual: ${show(f.actual)}`] : [])].join('\n');
        out.push(`      <failure message="${xml(f.message)}">${xml(detail)}</failure>`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
