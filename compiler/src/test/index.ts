// The test runner's entry points, loaded on first use: importing the API loads no test machinery
// (the CEL engine, light-my-request) until a run starts.
import type { TestOptions, TestReport } from '../api/types.ts';
import type { TestWatch } from './watch.ts';

export type { TestWatch } from './watch.ts';
export { formatCoverage, formatTestReport } from './report/index.ts';

/** Runs the tests of the inputs (see docs/testing.md). */
export async function runTests(options: TestOptions = {}): Promise<TestReport> {
  const { test } = await import('./run.ts');
  return test(options);
}

/** Runs the tests, then again on every change of what they read. */
export async function watchTests(options: TestOptions, onReport: (report: TestReport, changed: readonly string[]) => void): Promise<TestWatch> {
  const { watchTests: watch } = await import('./watch.ts');
  return watch(options, onReport);
}
