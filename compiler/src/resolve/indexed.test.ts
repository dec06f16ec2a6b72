import { describe, expect, it } from 'vitest';
import { countIndexed } from './indexed.ts';
import { expandText } from './testing.ts';

describe('countIndexed', () => {
  it('sets the highest index used + 1 per port, on new nodes, leaving the others as they are', () => {
    const e = expandText('- kind: router\n  name: r\n  routes: [{ method: GET, path: /, port: out }]\n- kind: nop\n  name: n\n');
    const [router, nop] = e.roots.map((s) => s.node);
    const counted = countIndexed([router!, nop!], [
      { node: 'r', direction: 'output', base: 'out', index: 2 },
      { node: 'r', direction: 'output', base: 'out', index: 0 },
    ]);
    expect(counted[0]!.indexed).toEqual({ out: 3 });
    expect(router!.indexed).toEqual({});
    expect(counted[1]).toBe(nop);
  });
});
