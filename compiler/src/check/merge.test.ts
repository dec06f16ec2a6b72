import { describe, expect, it } from 'vitest';
import { compileSources } from '../compile.ts';
import { findMergeGaps } from './merge.ts';

function gaps(text: string) {
  const result = compileSources([{ file: 'flow.yaml', text }], { cwd: '/' });
  if (!result.graph) throw new Error('no graph');
  return findMergeGaps(result.graph);
}

const upstream = (targets: string[]): string => `
- kind: split
  name: fan
  ports:
${targets.map((port, i) => `    out[${i}]:\n      - name: both\n        port: ${port}`).join('\n')}
- kind: merge
  name: both
`;

describe('findMergeGaps', () => {
  it('accepts a merge whose inputs in[0..n] are all connected (plain `in` is in[0])', () => {
    expect(gaps(upstream(['in', 'in[1]', 'in[2]']))).toEqual([]);
  });

  it('reports the inputs below the highest one that nothing connects to', () => {
    const found = gaps(upstream(['in[0]', 'in[3]']));
    expect(found).toHaveLength(1);
    expect(found[0]!.node).toBe('both');
    expect(found[0]!.message).toContain('`in[1]`, `in[2]`');
    expect(found[0]!.at).toMatchObject({ file: 'flow.yaml', line: 11 });
  });

  it('ignores a merge nothing connects to', () => {
    expect(gaps('- kind: merge\n  name: alone\n')).toEqual([]);
  });
});
