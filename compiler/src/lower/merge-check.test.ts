import { describe, expect, it } from 'vitest';
import { compileSources } from '../compile.ts';

const check = (text: string) => compileSources([{ file: 'flow.yaml', text }], { cwd: '/', emit: false }).diagnostics.filter((d) => d.code === 'MERGE_INPUT_UNWIRED');

const upstream = (targets: string[]): string => `
- kind: split
  name: fan
  ports:
${targets.map((port, i) => `    out[${i}]:\n      - name: both\n        port: ${port}`).join('\n')}
- kind: merge
  name: both
`;

describe("merge's check hook", () => {
  it('accepts a merge whose inputs in[0..n] are all connected (plain `in` is in[0])', () => {
    expect(check(upstream(['in', 'in[1]', 'in[2]']))).toEqual([]);
  });

  it('reports the inputs below the highest one that nothing connects to, at the merge', () => {
    const found = check(upstream(['in[0]', 'in[3]']));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ node: 'both', file: 'flow.yaml', line: 11, column: 3 });
    expect(found[0]!.message).toContain('`in[1]`, `in[2]`');
    expect(found[0]!.hint).toContain('in[0]…in[1]');
  });

  it('ignores a merge nothing connects to', () => {
    expect(check('- kind: merge\n  name: alone\n')).toEqual([]);
  });
});
