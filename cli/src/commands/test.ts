import { existsSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { globSync } from 'tinyglobby';
import { formatCoverage, formatTestReport, runTests, watchTests, type TestReport, type TestReporter } from '@flowc/compiler';
import { envFromPairs, inputOptions, UsageError, type InputFlags } from '../options.ts';
import { logLine } from '../render.ts';

export interface TestFlags extends InputFlags {
  readonly reporter: TestReporter;
  readonly grep?: string;
  readonly timeout?: string;
  readonly concurrency?: string;
  readonly env: readonly string[];
  readonly coverage?: boolean;
  readonly coverageJson?: string;
  readonly coverageMin?: string;
  readonly watch?: boolean;
}

/**
 * `flowc test [inputs..] [pattern]`: runs the cases of the `*.test.yaml` files and the uniflow `test`
 * nodes among the inputs. Exit 0 all passed, 1 a test failed (or coverage is under `--coverage-min`),
 * 2 the tests could not be built.
 */
export async function testCommand(args: readonly string[], flags: TestFlags): Promise<number> {
  try {
    return await runCommand(args, flags);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`flowc test: ${error.message}\n`);
    return 2;
  }
}

async function runCommand(args: readonly string[], flags: TestFlags): Promise<number> {
  const { inputs, pattern } = splitArgs(args, flags.grep);
  const options = {
    ...inputOptions(inputs.length > 0 ? inputs : ['.'], flags),
    ...(pattern !== undefined ? { pattern } : {}),
    ...(flags.timeout !== undefined ? { timeout: positive('--timeout', flags.timeout) } : {}),
    ...(flags.concurrency !== undefined ? { concurrency: positive('--concurrency', flags.concurrency) } : {}),
    env: envFromPairs(flags.env),
  };
  try {
    new RegExp(pattern ?? '');
  } catch (error) {
    throw new UsageError(`the pattern is not a regular expression: ${(error as Error).message}`);
  }
  const min = flags.coverageMin === undefined ? undefined : percent(flags.coverageMin);
  if (!flags.watch) return print(await runTests(options), flags, min, pattern);
  const watch = await watchTests(options, (report, changed) => {
    if (changed.length > 0) logLine('test', `${changed.length} file(s) changed: ${changed.map((f) => relative(process.cwd(), f)).join(', ')}`);
    print(report, flags, min, pattern);
    logLine('test', 'watching for changes (Ctrl-C stops)');
  });
  await new Promise<void>((done) => {
    const stop = (): void => void watch.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

function print(report: TestReport, flags: TestFlags, min: number | undefined, pattern: string | undefined): number {
  const built = !report.diagnostics.some((d) => d.severity === 'error');
  process.stdout.write(formatTestReport(report, { reporter: flags.reporter, color: flags.reporter === 'default' && process.stdout.isTTY }));
  if (flags.coverageJson !== undefined) writeFileSync(flags.coverageJson, `${JSON.stringify(report.coverage, null, 2)}\n`);
  const showCoverage = built && (flags.coverage === true || min !== undefined);
  if (showCoverage) (flags.reporter === 'default' ? process.stdout : process.stderr).write(`\n${formatCoverage(report.coverage)}`);
  if (!built) return 2;
  if (report.failed > 0) return 1;
  if (report.results.length === 0) {
    // A mistyped path is read as a name pattern: a run that tests nothing must not pass CI.
    process.stderr.write(`flowc test: no test ran: ${pattern === undefined ? 'the inputs hold no case file (*.test.yaml) and no `test` node' : `no case or \`test\` node name matches ${JSON.stringify(pattern)} (an argument that names no file is the name pattern)`}\n`);
    return 1;
  }
  if (min !== undefined && report.coverage.percent < min) {
    process.stderr.write(`coverage ${report.coverage.percent}% is under --coverage-min ${min}%\n`);
    return 1;
  }
  return 0;
}

/** Arguments that name files (paths, or globs that match) are inputs; one that does not is the name pattern. */
function splitArgs(args: readonly string[], grep: string | undefined): { inputs: string[]; pattern: string | undefined } {
  const inputs: string[] = [];
  const patterns: string[] = grep === undefined ? [] : [grep];
  for (const arg of args) {
    if (existsSync(arg) || (/[*?{]/.test(arg) && globSync(arg, { onlyFiles: true }).length > 0)) inputs.push(arg);
    else patterns.push(arg);
  }
  if (patterns.length > 1) throw new UsageError(`one name pattern at most, got ${patterns.map((p) => JSON.stringify(p)).join(', ')} (are these paths? none exists)`);
  return { inputs, pattern: patterns[0] };
}

function positive(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} expects a positive number, got ${JSON.stringify(text)}`);
  return n;
}

function percent(text: string): number {
  const n = Number(text.replace(/%$/, ''));
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`--coverage-min expects a percentage (0-100), got ${JSON.stringify(text)}`);
  return n;
}
