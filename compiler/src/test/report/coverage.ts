import type { CoverageSection, TestCoverage } from '../../api/types.ts';

/** The coverage table: one row per section, then what was not covered. */
export function formatCoverage(coverage: TestCoverage): string {
  const rows: Array<[string, CoverageSection]> = [
    ['nodes', coverage.nodes],
    ['ports', coverage.ports],
    ['branches', coverage.branches],
  ];
  const lines = ['coverage   covered  total      %', ...rows.map(([name, s]) => `${name.padEnd(10)} ${String(s.covered).padStart(7)} ${String(s.total).padStart(6)} ${s.percent.toFixed(1).padStart(6)}`), `${'all'.padEnd(10)} ${''.padStart(7)} ${''.padStart(6)} ${coverage.percent.toFixed(1).padStart(6)}`];
  const missed = rows.flatMap(([name, s]) => s.items.filter((i) => !i.covered).map((i) => `  ${name === 'nodes' ? 'node' : name === 'ports' ? 'port' : 'branch'} ${i.file}: ${i.node}${i.port ? ` ${i.port}` : ''}`));
  if (missed.length > 0) lines.push('not covered:', ...missed);
  return `${lines.join('\n')}\n`;
}
