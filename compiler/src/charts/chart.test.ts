import { describe, expect, it } from 'vitest';
import { compileSources, type TypedSource } from '../compile.ts';

const chartFile = (body: string): TypedSource => ({ file: 'charts.yaml', text: body });
const specFile = (body: string): TypedSource => ({ file: 'app.yaml', text: body });

const kv = `- name: kv
  specs:
    - kind: snippet
      name: reply
      language: text
      code: '{{ .PREFIX }}'
  inbounds:
    in:
      - name: reply
        port: in
  outbounds:
    out:
      - name: reply
        port: out
  env:
    PREFIX:
      - data: 'kv:{{ .file }}'
`;

describe('charts', () => {
  it('expands each use into its own private scope with its own parameters', () => {
    const r = compileSources([chartFile(kv), specFile('- kind: kv\n  name: a\n  file: one\n- kind: kv\n  name: b\n  file: two\n')], {});
    expect(r.diagnostics).toEqual([]);
    const inner = r.graph!.nodes.filter((n) => n.parent !== undefined);
    expect(inner.map((n) => [n.key, n.scope])).toEqual([
      ['a/reply', 'default/a'],
      ['b/reply', 'default/b'],
    ]);
    expect(inner.map((n) => (n.env as Record<string, Array<{ data: string }>>).PREFIX![0]!.data)).toEqual(['kv:one', 'kv:two']);
    expect(r.program!.entry).toContain('from "@flowc/runtime/nodes/chart"');
  });

  it('a missing parameter is a MISSING_FIELD on the using spec', () => {
    const r = compileSources([chartFile(kv), specFile('- kind: kv\n  name: a\n')], {});
    expect(r.diagnostics[0]).toMatchObject({ code: 'MISSING_FIELD', file: 'app.yaml', line: 1, node: 'a' });
  });

  it('an inbound naming a missing inner node points into the chart file, with a note at the using spec', () => {
    const broken = kv.replace('      - name: reply\n        port: in', '      - name: replly\n        port: in');
    const r = compileSources([chartFile(broken), specFile('- kind: kv\n  name: a\n  file: x\n')], {});
    const d = r.diagnostics.find((x) => x.code === 'UNKNOWN_NODE')!;
    expect(d).toMatchObject({ file: 'charts.yaml', line: 9, column: 9, hint: 'did you mean `reply`?' });
    expect(d.notes).toEqual([expect.objectContaining({ file: 'app.yaml', line: 1, column: 9 })]);
  });

  it('an inbound naming a port the inner node lacks is UNKNOWN_PORT in the chart file', () => {
    const broken = kv.replace('      - name: reply\n        port: in', '      - name: reply\n        port: inn');
    const r = compileSources([chartFile(broken), specFile('- kind: kv\n  name: a\n  file: x\n')], {});
    // At the `port:` line that names it, not at the entry's first line.
    expect(r.diagnostics.find((x) => x.code === 'UNKNOWN_PORT')).toMatchObject({ file: 'charts.yaml', line: 10, column: 9 });
  });

  it('an invalid inner spec is reported in the chart file', () => {
    const broken = kv.replace('language: text', 'language: txt');
    const r = compileSources([chartFile(broken), specFile('- kind: kv\n  name: a\n  file: x\n')], {});
    expect(r.diagnostics[0]).toMatchObject({ code: 'FIELD_VALUE', file: 'charts.yaml', line: 5, notes: [expect.objectContaining({ file: 'app.yaml' })] });
  });

  it('an unknown chart kind suggests the closest one; a chart of another namespace says so', () => {
    const typo = compileSources([chartFile(kv), specFile('- kind: kvv\n  name: a\n')], {});
    expect(typo.diagnostics[0]).toMatchObject({ code: 'UNKNOWN_KIND', hint: 'did you mean `kv`?' });
    const other = compileSources([chartFile(kv.replace('- name: kv', '- name: kv\n  namespace: infra')), specFile('- kind: kv\n  name: a\n')], {});
    expect(other.diagnostics[0]!.hint).toBe('`kv` is a chart of namespace `infra`, not `default`');
  });

  it('charts can be forced with --charts even when their shape is ambiguous', () => {
    const r = compileSources([{ ...chartFile(kv), type: 'chart' }, specFile('- kind: kv\n  name: a\n  file: x\n')], {});
    expect(r.diagnostics).toEqual([]);
  });
});
