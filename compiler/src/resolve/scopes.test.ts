import { describe, expect, it } from 'vitest';
import { indexScopes } from './scopes.ts';
import { expandText } from './testing.ts';

describe('indexScopes', () => {
  it('indexes nodes by name and id in their own scope, outer before inner; composites inner before outer', () => {
    const e = expandText('- kind: step\n  name: s\n  specs:\n    - kind: step\n      name: t\n      specs: [{ kind: nop, name: a }]\n- kind: nop\n  id: n1\n');
    const index = indexScopes(e.roots, e.diagnostics);
    expect([...index.scopes.keys()]).toEqual(['default', 'default/s', 'default/s/t']);
    expect([...index.scopes.get('default')!.byName.keys()]).toEqual(['s']);
    expect(index.scopes.get('default')!.byId.get('n1')!.key).toBe('nop#0');
    expect(index.specs.map((s) => s.node.key)).toEqual(['s', 's/t', 's/t/a', 'nop#0']);
    expect(index.composites.map((s) => s.node.key)).toEqual(['s/t', 's']);
  });

  it('reports a second node of one name, pointing at the first, and leaves it out with its inner specs', () => {
    const e = expandText('- kind: nop\n  name: a\n- kind: step\n  name: a\n  specs: [{ kind: nop, name: x }]\n');
    const index = indexScopes(e.roots, e.diagnostics);
    expect(index.specs.map((s) => s.node.key)).toEqual(['a']);
    expect(index.composites).toEqual([]);
    expect(e.diagnostics.list).toEqual([
      expect.objectContaining({ code: 'DUPLICATE_NAME', line: 4, column: 9, node: 'a', hint: 'rename one of them; the first is at x.yaml:2:9' }),
    ]);
  });

  it('unnamed nodes take no name, so they never clash', () => {
    const e = expandText('- kind: nop\n- kind: nop\n');
    const index = indexScopes(e.roots, e.diagnostics);
    expect(e.diagnostics.list).toEqual([]);
    expect(index.scopes.get('default')!.byName.size).toBe(0);
    expect(index.specs).toHaveLength(2);
  });
});
