import { relative, resolve } from 'node:path';
import { FileWatcher, watchRoots } from '../api/watch.ts';
import { TEST_FILE } from '../sources/inputs.ts';
import type { TestOptions, TestReport } from '../api/types.ts';
import { test } from './run.ts';

export interface TestWatch {
  close(): Promise<void>;
}

/**
 * Runs the tests, then again on every change of what they read: a changed case file re-runs that
 * file's cases only; a changed spec, config or kind module re-runs everything. Changes during a run
 * are gathered into the next one.
 */
export async function watchTests(options: TestOptions, onReport: (report: TestReport, changed: readonly string[]) => void): Promise<TestWatch> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const inputs = options.inputs ?? ['.'];
  let pending = new Set<string>();
  let running: Promise<void> | undefined;
  const watcher = new FileWatcher((path) => {
    pending.add(path);
    running ??= drain().finally(() => {
      running = undefined;
    });
  });
  const run = async (changed: readonly string[]): Promise<void> => {
    const onlyCases = changed.length > 0 && changed.every((f) => TEST_FILE.test(f));
    const report = await test(onlyCases ? { ...options, inputs: changed.map((f) => relative(cwd, f)) } : options);
    await watcher.follow(watchRoots(inputs, cwd), report.files);
    onReport(report, changed);
  };
  const drain = async (): Promise<void> => {
    while (pending.size > 0) {
      const changed = [...pending];
      pending = new Set();
      await run(changed);
    }
  };
  await run([]);
  return { close: () => watcher.close() };
}
