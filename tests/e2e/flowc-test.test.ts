import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTests, watchTests, type TestReport } from '../../compiler/src/index.ts';
import { flowc, ROOT, tempDir } from '../support/flowc.ts';

const SUITES = 'tests/e2e/flowc-test';

/** Reports without what varies from run to run: durations. */
function stable(text: string): string {
  return text.replace(/\(\d+ test\(s\), \d+ ms\)/g, '(N test(s), T ms)').replace(/time="[\d.]+"/g, 'time="T"');
}

describe('flowc test: the runner on its own fixture suites', () => {
  it('a passing suite: every case ✓, exit 0', () => {
    const r = flowc(['test', `${SUITES}/pass.test.yaml`]);
    expect(r.status).toBe(0);
    expect(stable(r.stdout)).toBe(
      [
        `✓ ${SUITES}/pass.test.yaml › hello answers`,
        `✓ ${SUITES}/pass.test.yaml › the bank is mocked`,
        `✓ ${SUITES}/pass.test.yaml › a packet into a node`,
        '',
        '3 passed, 0 failed (N test(s), T ms)',
        '',
      ].join('\n'),
    );
  });

  it('a failing suite: wrong status, mock not called, timeout, error answer; expected vs actual and a code frame each, exit 1', () => {
    const r = flowc(['test', `${SUITES}/fail.test.yaml`]);
    expect(r.status).toBe(1);
    expect(stable(r.stdout)).toBe(`${readFileSync(join(ROOT, SUITES, 'fail.expected.txt'), 'utf8')}`);
  });

  it('junit and tap say the same', () => {
    const junit = flowc(['test', `${SUITES}/fail.test.yaml`, '--reporter', 'junit']);
    expect(junit.status).toBe(1);
    expect(stable(junit.stdout)).toBe(readFileSync(join(ROOT, SUITES, 'fail.expected.junit.xml'), 'utf8'));
    const tap = flowc(['test', `${SUITES}/fail.test.yaml`, '--reporter', 'tap']);
    expect(tap.status).toBe(1);
    expect(tap.stdout).toBe(readFileSync(join(ROOT, SUITES, 'fail.expected.tap'), 'utf8'));
  });

  it('a case file that names what is not there: located diagnostics, nothing runs, exit 2', () => {
    const r = flowc(['test', `${SUITES}/bad.test.yaml`, '--reporter', 'json']);
    expect(r.status).toBe(2);
    const report = JSON.parse(r.stdout) as { diagnostics: Array<Record<string, unknown>>; results: unknown[] };
    expect(report.results).toEqual([]);
    expect(report.diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.hint])).toEqual([
      ['EXPRESSION_SYNTAX', `${SUITES}/bad.test.yaml`, 14, 24, 'expressions are CEL with the input as `self`; see docs/cel.md'],
      ['TEST_UNKNOWN_NODE', `${SUITES}/bad.test.yaml`, 6, 7, 'did you mean `bank`?'],
      ['TEST_UNKNOWN_PORT', `${SUITES}/bad.test.yaml`, 9, 32, 'its ports: `in`'],
    ]);
  });

  it('a malformed case file is TEST_INVALID at the field', () => {
    const dir = tempDir();
    const file = join(dir, 'x.test.yaml');
    writeFileSync(file, ['cases:', '  - name: two answers', '    request: { path: /hello }', '    mocks:', '      bank: { answer: 1, error: no }', '    expect:', '      statu: 200', ''].join('\n'));
    writeFileSync(join(dir, 'x.yaml'), readFileSync(join(ROOT, SUITES, 'shop.yaml'), 'utf8'));
    const r = flowc(['test', file], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('x.test.yaml:5:26: error TEST_INVALID: mock `bank` has both `answer` and `error`');
    expect(r.stdout).toContain('x.test.yaml:7:7: error TEST_INVALID: unknown field `statu`');
    expect(r.stdout).toContain('hint: known fields: status, headers, body');
  });

  it('a run that tests nothing fails (exit 1): a mistyped path is a name pattern that matches no case', () => {
    const r = flowc(['test', `${SUITES}/pass.test.yaml`, 'tests/e2e/flowc-tset/']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('flowc test: no test ran: no case or `test` node name matches "tests/e2e/flowc-tset/" (an argument that names no file is the name pattern)\n');
    const dir = tempDir();
    writeFileSync(join(dir, 'app.yaml'), '- kind: nop\n  name: sink\n');
    const empty = flowc(['test', 'app.yaml'], { cwd: dir });
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain('no test ran: the inputs hold no case file');
  });

  it('a name pattern picks cases; --coverage-min fails a run below it', () => {
    const r = flowc(['test', `${SUITES}/pass.test.yaml`, 'packet', '--coverage', '--coverage-min', '90']);
    expect(stable(r.stdout)).toContain(`✓ ${SUITES}/pass.test.yaml › a packet into a node\n\n1 passed, 0 failed (N test(s), T ms)`);
    expect(r.stdout).toContain('nodes            1      6   16.7');
    expect(r.stderr).toContain('is under --coverage-min 90%');
    expect(r.status).toBe(1);
  });
});

describe('flowc test: uniflow test and assert nodes', () => {
  it('runs a uniflow test with an assert; a production build of it holds no test node', () => {
    const r = flowc(['test', `${SUITES}/uniflow/ping-assert.yaml`]);
    expect(stable(r.stdout)).toBe('✓ test_router\n\n1 passed, 0 failed (N test(s), T ms)\n');
    expect(r.status).toBe(0);
    const out = join(tempDir(), 'ping.mjs');
    const ts = join(tempDir(), 'ping.ts');
    expect(flowc(['build', `${SUITES}/uniflow/ping-assert.yaml`, '-o', out, '--emit-ts', ts]).status).toBe(0);
    for (const file of [out, ts]) expect(readFileSync(file, 'utf8')).not.toMatch(/test_router|assert_pong|pipe_router|mock_http|nodes\/(test|assert)/);
  });

  it("uniflow's own ping.yaml shape: check accepts it, test runs it, build leaves the test out", () => {
    const file = `${SUITES}/uniflow/ping.yaml`;
    const checked = flowc(['check', file]);
    expect(checked.status, checked.stderr).toBe(0);
    const json = join(tempDir(), 'coverage.json');
    const r = flowc(['test', file, '--coverage-json', json]);
    expect(stable(r.stdout)).toBe('✓ test_router\n\n1 passed, 0 failed (N test(s), T ms)\n');
    expect(r.status).toBe(0);
    const coverage = JSON.parse(readFileSync(json, 'utf8')) as { nodes: { items: Array<{ node: string; covered: boolean }> }; branches: { percent: number } };
    expect(coverage.nodes.items.map((i) => [i.node, i.covered])).toEqual([
      ['listener', false],
      ['router', true],
      ['pong', true],
    ]);
    expect(coverage.branches.percent).toBe(100);
    const out = join(tempDir(), 'ping.mjs');
    expect(flowc(['build', file, '-o', out]).status).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toMatch(/test_router|pipe_router|mock_http/);
  });

  it('a failing assert fails its test at the test node; a target that never fired fails too', async () => {
    const dir = tempDir();
    const ping = readFileSync(join(ROOT, SUITES, 'uniflow/ping-assert.yaml'), 'utf8');
    writeFileSync(join(dir, 'ping.yaml'), ping.replace('expect: self == "pong"', 'expect: self == "pang"'));
    writeFileSync(
      join(dir, 'target.yaml'),
      [
        '- kind: test',
        '  name: first_then_second',
        '  ports:',
        '    out[0]: [{ name: first, port: in }]',
        '    out[1]: [{ name: check_first, port: in }]',
        '- kind: snippet',
        '  name: first',
        '  language: json',
        '  code: 1',
        '  ports:',
        '    out: [{ name: second, port: in }]',
        '- kind: snippet',
        '  name: second',
        '  language: json',
        '  code: 2',
        '- kind: assert',
        '  name: check_first',
        '  expect: self == 1',
        '  target: { name: first, port: out }',
        '- kind: test',
        '  name: never_fired',
        '  ports:',
        '    out[0]: [{ name: second, port: in }]',
        '    out[1]: [{ name: check_error, port: in }]',
        '- kind: assert',
        '  name: check_error',
        '  expect: "true"',
        '  target: { name: first, port: out }',
        '',
      ].join('\n'),
    );
    const ping_ = await runTests({ inputs: ['ping.yaml'], cwd: dir });
    expect(ping_.results.map((r) => [r.name, r.status, r.line, r.failures.map((f) => f.message)])).toEqual([['test_router', 'failed', 28, ['assert: `self == "pang"` is false for "pong"']]]);
    const target = await runTests({ inputs: ['target.yaml'], cwd: dir });
    expect(target.results.map((r) => [r.name, r.status, r.failures.map((f) => f.message)])).toEqual([
      ['first_then_second', 'passed', []],
      ['never_fired', 'failed', ['assert: no packet left `first` through `out` during the test']],
    ]);
    const only = await runTests({ inputs: ['target.yaml'], cwd: dir, pattern: '^never' });
    expect(only.results.map((r) => r.name)).toEqual(['never_fired']);
  });
});

describe('flowc test --watch', () => {
  it('re-runs a changed case file by itself, and every test when a spec changes', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'shop.yaml'), readFileSync(join(ROOT, SUITES, 'shop.yaml'), 'utf8'));
    writeFileSync(join(dir, 'shop.test.yaml'), readFileSync(join(ROOT, SUITES, 'pass.test.yaml'), 'utf8'));
    writeFileSync(join(dir, 'other.test.yaml'), ['specs: [shop.yaml]', 'cases:', '  - name: other', '    request: { path: /hello }', '    expect: { status: 200 }', ''].join('\n'));
    const reports: Array<{ report: TestReport; changed: readonly string[] }> = [];
    let notify: (() => void) | undefined;
    const next = (): Promise<void> => new Promise((resolve) => (notify = resolve));
    let waiting = next();
    const watch = await watchTests({ inputs: ['.'], cwd: dir }, (report, changed) => {
      reports.push({ report, changed });
      notify?.();
    });
    try {
      await waiting;
      expect(reports[0]!.report.passed).toBe(4);
      waiting = next();
      writeFileSync(join(dir, 'shop.test.yaml'), readFileSync(join(dir, 'shop.test.yaml'), 'utf8').replaceAll('status: 200', 'status: 299'));
      await waiting;
      expect(reports[1]!.report.results.map((r) => [r.name, r.status])).toEqual([
        ['shop.test.yaml › hello answers', 'failed'],
        ['shop.test.yaml › the bank is mocked', 'passed'],
        ['shop.test.yaml › a packet into a node', 'failed'],
      ]);
      waiting = next();
      writeFileSync(join(dir, 'shop.yaml'), readFileSync(join(dir, 'shop.yaml'), 'utf8').replace('"world"', '"there"'));
      await waiting;
      expect(reports[2]!.report.results.map((r) => [r.name, r.status])).toEqual([
        ['other.test.yaml › other', 'passed'],
        ['shop.test.yaml › hello answers', 'failed'],
        ['shop.test.yaml › the bank is mocked', 'passed'],
        ['shop.test.yaml › a packet into a node', 'failed'],
      ]);
    } finally {
      await watch.close();
    }
  });
});
