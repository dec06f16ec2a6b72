import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { CONFIG_FILES } from '../config.ts';
import { performance } from 'node:perf_hooks';
import type { Program } from '@flowc/runtime/core/program';
import { isError } from '@flowc/runtime/core/packet';
import { TEST_RUN_PORT } from '@flowc/runtime/core/harness';
import { Diagnostics, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { guarded } from '../diagnostics/guard.ts';
import { findTestFiles, readInputs, TEST_FILE } from '../sources/inputs.ts';
import type { Graph, GraphNode } from '../resolve/graph.ts';
import type { TestCaseResult, TestFailure, TestOptions, TestReport } from '../api/types.ts';
import { readSuite, type CaseSpec, type Suite } from './cases.ts';
import { checkCase } from './bind.ts';
import { runCase } from './case.ts';
import { CoverageCollector } from './coverage.ts';
import { CaseRecorder } from './recorder.ts';
import { startCase, TestBuilds } from './program.ts';

export const DEFAULT_TIMEOUT = 5000;
export const DEFAULT_CONCURRENCY = 8;

/** One test build: a set of spec files with a set of mocked nodes, and what runs on it. */
interface Group {
  /** The project the build belongs to: the working directory, or the folder of the config nearest the case file. */
  readonly cwd: string;
  readonly specs: readonly string[];
  /** The namespace built and run. */
  readonly namespace: string;
  readonly mocks: readonly string[];
  readonly cases: CaseSpec[];
  /** Run the workflow's uniflow `test` nodes too (the group of the inputs themselves, without mocks). */
  readonly uniflow: boolean;
}

/**
 * Runs the tests of the inputs: the cases of every `*.test.yaml` among them and every uniflow `test`
 * node of their specs. Each group of cases with the same specs and mocked nodes is one test build;
 * each case runs on its own start of it, cases in parallel.
 */
export async function test(options: TestOptions = {}): Promise<TestReport> {
  const started = performance.now();
  const cwd = resolve(options.cwd ?? process.cwd());
  const inputs = options.inputs ?? ['.'];
  const diagnostics = new Diagnostics();
  const pattern = options.pattern === undefined ? undefined : new RegExp(options.pattern);
  const sources = new Map<string, string>();

  const suites: Suite[] = [];
  for (const file of readInputs(findTestFiles(inputs, cwd), diagnostics, cwd)) {
    sources.set(file.file, file.text);
    const suite = guarded(diagnostics, `reading the cases of \`${file.file}\``, { at: { file: file.file, line: 1, column: 1 } }, () => readSuite(file, cwd, diagnostics), undefined);
    if (suite) suites.push(suite);
  }
  const specInputs = inputs.filter((i) => !TEST_FILE.test(i));
  const groups = groupCases(suites, specInputs, pattern, cwd, options.config === undefined, options.namespace ?? 'default');

  const files = new Set<string>([...sources.keys()].map((f) => resolve(cwd, f)));
  const coverage = new CoverageCollector();
  const results: TestCaseResult[] = [];
  const built: Array<{ group: Group; program: Program; graph: Graph; nodes: Map<string, GraphNode> }> = [];
  const seenCoverage = new Set<string>();
  const builds = new TestBuilds();
  try {
    for (const group of groups) await buildGroup(group);
  } finally {
    await builds.dispose();
  }
  async function buildGroup(group: Group): Promise<void> {
    const { result, program } = await builds.build({ ...options, namespace: group.namespace, inputs: group.specs, cwd: group.cwd }, group.mocks);
    const namespace = group.namespace;
    // The inputs as a whole are built for their uniflow `test` nodes; without any, their problems (a
    // folder of unrelated examples) are not this run's: each case file's own build reports its specs'.
    const testFiles = [...new Set(result.graph?.nodes.filter((n) => n.namespace === namespace && n.kind.definition.kind === 'test').map((n) => n.resource.file) ?? [])];
    if (group.uniflow && group.cases.length === 0 && testFiles.length === 0) return;
    // Specs that do not build together (a folder of unrelated workflows, as examples/ is): each file
    // holding `test` nodes is tested on its own.
    if (group.uniflow && group.cases.length === 0 && result.errors.length > 0 && !sameFiles(group.specs, testFiles, group.cwd)) {
      for (const file of testFiles) await buildGroup({ cwd: group.cwd, specs: [file], namespace, mocks: [], cases: [], uniflow: true });
      return;
    }
    // Places in another project's files are shown from the working directory.
    const shown = (file: string): string => (group.cwd === cwd ? file : relative(cwd, resolve(group.cwd, file)));
    for (const [file, text] of result.sources) sources.set(shown(file), text);
    for (const file of result.files) files.add(file);
    for (const d of result.diagnostics) diagnostics.list.push(d.file === undefined ? d : { ...d, file: shown(d.file) });
    if (!program || !result.graph) return;
    const nodes = new Map(result.graph.nodes.filter((n) => n.namespace === namespace).map((n) => [n.key, n]));
    for (const test of group.cases) guarded(diagnostics, `checking case \`${test.name}\``, { at: test.at }, () => checkCase(test, nodes, diagnostics), undefined);
    const coverageKey = group.specs.join('\u0000');
    if (!seenCoverage.has(coverageKey)) {
      seenCoverage.add(coverageKey);
      coverage.add(result.graph, namespace);
    }
    built.push({ group, program, graph: result.graph, nodes });
  }
  const problems = dedupe(diagnostics.list);
  if (problems.some((d) => d.severity === 'error')) {
    return { diagnostics: problems, sources, results: [], passed: 0, failed: 0, durationMs: performance.now() - started, coverage: coverage.result(), files: [...files] };
  }

  const env = { PORT: '0', ...(options.env ?? {}) };
  const timeoutOf = (test?: CaseSpec): number => test?.timeout ?? options.timeout ?? DEFAULT_TIMEOUT;
  const jobs: Array<() => Promise<TestCaseResult>> = [];
  for (const { group, program, graph, nodes } of built) {
    const namespace = group.namespace;
    for (const test of group.cases) {
      jobs.push(async () => {
        const t0 = performance.now();
        const outcome = await runCase(program, test, nodes, env, timeoutOf(test));
        coverage.record(outcome.recorder, graph, namespace);
        return { name: `${test.file} › ${test.name}`, file: test.file, line: test.at.line, column: test.at.column, status: outcome.failures.length > 0 ? 'failed' : 'passed', durationMs: performance.now() - t0, failures: outcome.failures };
      });
    }
    if (!group.uniflow) continue;
    for (const node of nodes.values()) {
      if (node.kind.definition.kind !== 'test' || (pattern && !pattern.test(node.key))) continue;
      jobs.push(async () => {
        const t0 = performance.now();
        const recorder = new CaseRecorder(new Map());
        const failures = await runUniflowTest(program, node, recorder, env, timeoutOf());
        coverage.record(recorder, graph, namespace);
        const at = node.resource.locate(node.base);
        return { name: node.key, file: at.file, line: at.line, column: at.column, status: failures.length > 0 ? 'failed' : 'passed', durationMs: performance.now() - t0, failures };
      });
    }
  }
  // Reported in the order they are written, whatever build they ran in.
  results.push(...(await pool(jobs, options.concurrency ?? DEFAULT_CONCURRENCY)).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column));
  const failed = results.filter((r) => r.status === 'failed').length;
  return { diagnostics: problems, sources, results, passed: results.length - failed, failed, durationMs: performance.now() - started, coverage: coverage.result(), files: [...files] };
}

/** A uniflow `test` node: the test fails when the workflow under it (or its check) answers an error. */
async function runUniflowTest(program: Program, node: GraphNode, recorder: CaseRecorder, env: Readonly<Record<string, string | undefined>>, timeout: number): Promise<TestFailure[]> {
  const at = node.resource.locate(node.base);
  const where = { file: at.file, line: at.line, column: at.column };
  let run;
  try {
    run = await startCase(program, recorder, env, []);
    let timer: NodeJS.Timeout | undefined;
    const answer = await Promise.race([
      run.running.send(node.key, TEST_RUN_PORT, null),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve(TIMED_OUT), timeout);
      }),
    ]).finally(() => clearTimeout(timer));
    if (answer === TIMED_OUT) return [{ message: `timed out: no answer within ${timeout} ms`, ...where }];
    return isError(answer) ? [{ message: answer.message, ...where }] : [];
  } catch (error) {
    return [{ message: `the test could not run: ${(error as Error).message}`, ...where }];
  } finally {
    if (run) await Promise.race([run.running.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
  }
}

const TIMED_OUT = Symbol('timed out');

function sameFiles(inputs: readonly string[], files: readonly string[], cwd: string): boolean {
  return inputs.length === files.length && inputs.every((input, i) => resolve(cwd, input) === resolve(cwd, files[i]!));
}

/** Cases with the same specs, namespace and mocked nodes share one test build. */
function groupCases(suites: readonly Suite[], specInputs: readonly string[], pattern: RegExp | undefined, cwd: string, findConfig: boolean, namespace: string): Group[] {
  const groups = new Map<string, Group>();
  const groupOf = (project: string, specs: readonly string[], ns: string, mocks: readonly string[], uniflow: boolean): Group => {
    const key = JSON.stringify([project, specs, ns, mocks]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { cwd: project, specs, namespace: ns, mocks, cases: [], uniflow }));
    return group;
  };
  if (specInputs.length > 0) groupOf(cwd, specInputs, namespace, [], true);
  for (const suite of suites) {
    // A case file inside a project of its own (a folder with its flowc config) runs in that project.
    const project = (findConfig && projectOf(dirname(resolve(cwd, suite.file)), cwd)) || cwd;
    const specs = project === cwd ? suite.specs : suite.specs.map((s) => relative(project, resolve(cwd, s)) || '.');
    for (const test of suite.cases) {
      if (pattern && !pattern.test(test.name) && !pattern.test(`${suite.file} › ${test.name}`)) continue;
      groupOf(project, specs, suite.namespace ?? namespace, [...test.mocks.keys()].sort(), false).cases.push(test);
    }
  }
  return [...groups.values()];
}

/** The nearest folder from `dir` up to `root` holding a flowc config, when it is not `root` itself. */
function projectOf(dir: string, root: string): string | undefined {
  for (let d = dir; d.startsWith(root) && d !== root; d = dirname(d)) {
    if (CONFIG_FILES.some((name) => existsSync(join(d, name)))) return d;
  }
  return undefined;
}

/** Runs jobs, at most `size` at once, and returns their results in job order. */
async function pool<T>(jobs: ReadonlyArray<() => Promise<T>>, size: number): Promise<T[]> {
  const results = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, jobs.length)) }, worker));
  return results;
}

/** The same specs built for several groups report the same problems once. */
function dedupe(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = JSON.stringify([d.code, d.file, d.line, d.column, d.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
