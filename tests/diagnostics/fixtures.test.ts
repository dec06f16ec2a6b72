import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/src/compile.ts';
import { CODES, type DiagnosticCode } from '../../compiler/src/diagnostics/codes.ts';
import { ROOT } from '../support/flowc.ts';

/** One fixture per code: `fixtures/<CODE>.yaml`, and where the diagnostic must point. */
const EXPECTED: Partial<Record<DiagnosticCode, { line?: number; column?: number; node?: string; hint?: RegExp; notes?: number }>> = {
  CHART_CYCLE: { line: 7, column: 13, node: 'loop/inner/inner', notes: 2 },
  CHART_SHADOWS_KIND: { line: 1, column: 9, node: 'router', hint: /rename the chart/ },
  CODE_NO_DEFAULT_EXPORT: { line: 4, column: 9, node: 'noexport', hint: /export default/ },
  CODE_SYNTAX: { line: 6, column: 21, node: 'broken' },
  CODE_UNRESOLVED_IMPORT: { line: 5, column: 28, node: 'greet', hint: /node_modules/ },
  DUPLICATE_ID: { line: 6, column: 7, node: 'b', hint: /DUPLICATE_ID\.yaml:3:7/ },
  DUPLICATE_NAME: { line: 4, column: 9, node: 'sink', hint: /DUPLICATE_NAME\.yaml:2:9/ },
  EMPTY_NAMESPACE: { hint: /other/ },
  FIELD_TYPE: { line: 4, column: 9, node: 'http', hint: /integer/ },
  EXPRESSION_SYNTAX: { line: 3, column: 19, node: 'adult' },
  EXPRESSION_UNKNOWN: { line: 3, column: 10, node: 'adult', hint: /docs\/cel.md/ },
  FIELD_VALUE: { line: 3, column: 13, node: 's', hint: /text, json, yaml, javascript, typescript/ },
  INVALID_CHART: { line: 2, column: 10, node: 'broken' },
  INVALID_SPEC: { line: 3, column: 3 },
  LIMIT_EXCEEDED: { line: 6, column: 9, node: 'both', hint: /docs\/limits\.md/ },
  LISTEN_CONFLICT: { line: 9, column: 9, node: 'admin', hint: /LISTEN_CONFLICT\.yaml:4:9/ },
  MALFORMED_PORT: { line: 8, column: 5, node: 'r' },
  MERGE_INPUT_UNWIRED: { line: 10, column: 3, node: 'both' },
  MISSING_FIELD: { line: 1, column: 3, node: 'http', hint: /port/ },
  NODE_IN_OTHER_NAMESPACE: { line: 8, column: 9, node: 'a' },
  TEMPLATE_SYNTAX: { line: 4, column: 10, node: 'http' },
  UNKNOWN_FIELD: { line: 5, column: 3, node: 's', hint: /did you mean `language`/ },
  UNKNOWN_KIND: { line: 5, column: 9, node: 'r', hint: /did you mean `router`/ },
  UNKNOWN_NODE: { line: 7, column: 9, node: 'a', hint: /did you mean `sink`/ },
  UNKNOWN_PORT: { line: 6, column: 5, node: 'a', hint: /out, error/ },
  UNKNOWN_VALUE: { line: 10, column: 9, node: 's', hint: /`database`/ },
  UNWIRED_PORT: { line: 7, column: 13, node: 'level' },
  YAML_SYNTAX: { line: 4, column: 9, hint: /close it with/ },
};

describe('diagnostic fixtures', () => {
  for (const [code, expected] of Object.entries(EXPECTED)) {
    it(`${code}: ${CODES[code as DiagnosticCode].summary}`, () => {
      const file = join('tests/diagnostics/fixtures', `${code}.yaml`);
      const result = compile({ inputs: [file], cwd: ROOT });
      const found = result.diagnostics.filter((d) => d.code === code);
      expect(found, JSON.stringify(result.diagnostics)).toHaveLength(1);
      const d = found[0]!;
      if (expected.line !== undefined) expect(d).toMatchObject({ file, line: expected.line, column: expected.column });
      if (expected.node !== undefined) expect(d.node).toBe(expected.node);
      if (expected.hint) expect(d.hint).toMatch(expected.hint);
      if (expected.notes !== undefined) expect(d.notes).toHaveLength(expected.notes);
      expect(d.message.length).toBeGreaterThan(0);
      if (d.severity === 'error') expect(result.program).toBeUndefined();
    });
  }

  it('every code but the input-level ones has a fixture', () => {
    // INTERNAL is a failure of flowc itself: no spec triggers it (compiler/src/diagnostics/guard.test.ts).
    // VALUES_INVALID is about a `--values` file, next to the spec: its table example and tests/e2e/secrets.test.ts.
    // OUTPUT_UNWRITABLE is about where a build writes: its table example, compiler/src/api/write.test.ts and tests/e2e/cli.test.ts.
    const inputLevel = ['FILE_UNREADABLE', 'INPUT_NOT_FOUND', 'INTERNAL', 'OUTPUT_UNWRITABLE', 'VALUES_INVALID'];
    // These need a project (a config file, kind modules, a bundle): tests/e2e/extension-diagnostics.test.ts has one fixture each.
    const projectLevel = ['BUNDLE_FAILED', 'CONFIG_INVALID', 'KIND_HOOK_FAILED', 'KIND_INVALID', 'KIND_INVALID_SCHEMA', 'KIND_MODULE_FAILED', 'KIND_MODULE_NOT_FOUND', 'KIND_NAME_CLASH', 'KIND_NOT_A_KIND'];
    // Case files of `flowc test`: tests/e2e/flowc-test-diagnostics.test.ts has one fixture each.
    const testLevel = ['TEST_INVALID', 'TEST_UNKNOWN_NODE', 'TEST_UNKNOWN_PORT'];
    expect(Object.keys(CODES).filter((c) => !inputLevel.includes(c) && !projectLevel.includes(c) && !testLevel.includes(c) && !(c in EXPECTED))).toEqual([]);
  });

  it('INPUT_NOT_FOUND names the input', () => {
    const r = compile({ inputs: ['no/such/file.yaml'], cwd: ROOT });
    expect(r.diagnostics[0]).toMatchObject({ code: 'INPUT_NOT_FOUND', severity: 'error' });
    expect(r.diagnostics[0]!.message).toContain('no/such/file.yaml');
  });

  it('reports every error of one build together, across files', () => {
    const r = compile({ inputs: ['tests/diagnostics/fixtures/UNKNOWN_KIND.yaml', 'tests/diagnostics/fixtures/FIELD_TYPE.yaml', 'tests/diagnostics/fixtures/UNKNOWN_NODE.yaml'], cwd: ROOT });
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(['FIELD_TYPE', 'UNKNOWN_KIND', 'UNKNOWN_NODE']);
  });
});
