import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTests } from '../../compiler/src/index.ts';
import { ROOT } from '../support/flowc.ts';

/** Every example ships with its tests; they pass and cover the example's graph. */
const EXAMPLES: ReadonlyArray<{ readonly inputs: readonly string[]; readonly cwd?: string; readonly cases: number; readonly coverage?: number }> = [
  { inputs: ['examples/ping.test.yaml'], cases: 2, coverage: 100 },
  { inputs: ['tests/e2e/flowc-test/uniflow/ping.yaml'], cases: 1 },
  { inputs: ['examples/orders.test.yaml'], cases: 12, coverage: 100 },
  { inputs: ['examples/httpproxy.test.yaml'], cases: 3, coverage: 100 },
  { inputs: ['examples/wsproxy.test.yaml'], cases: 2 },
  { inputs: ['examples/todo.test.yaml'], cases: 7 },
  { inputs: ['examples/helloworld.test.yaml'], cases: 2 },
  { inputs: ['examples/system.test.yaml'], cases: 4 },
  { inputs: ['examples/system-reflect.test.yaml'], cases: 6 },
  { inputs: ['examples/charts/app.test.yaml'], cases: 3, coverage: 100 },
  { inputs: ['app.test.yaml'], cwd: 'examples/kinds', cases: 2 },
];

describe('the examples pass their tests', () => {
  for (const example of EXAMPLES) {
    it(`${example.cwd ? `${example.cwd}/` : ''}${example.inputs.join(' ')}`, async () => {
      const report = await runTests({ inputs: example.inputs, cwd: join(ROOT, example.cwd ?? '.') });
      expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(report.results.filter((r) => r.status === 'failed')).toEqual([]);
      expect(report.passed).toBe(example.cases);
      if (example.coverage !== undefined) expect(report.coverage.percent).toBe(example.coverage);
    });
  }

  it('examples/ as a whole: unrelated workflows, the kinds project with its own config', async () => {
    const report = await runTests({ inputs: ['examples/'], cwd: ROOT });
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect([report.passed, report.failed]).toEqual([EXAMPLES.filter((e) => e.inputs[0]!.startsWith('examples/') || e.cwd).reduce((n, e) => n + e.cases, 0), 0]);
  });
});
