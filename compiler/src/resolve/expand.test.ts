import { describe, expect, it } from 'vitest';
import type { ExpandedSpec } from './expand.ts';
import { expandText } from './testing.ts';

const keys = (specs: readonly ExpandedSpec[]): unknown[] => specs.map((s) => (s.children.length ? [s.node.key, keys(s.children)] : s.node.key));

describe('expandSpecs', () => {
  it('expands a step into its inner specs, each in the private scope of the step', () => {
    const e = expandText('- kind: step\n  name: s\n  specs:\n    - kind: nop\n      name: a\n    - kind: nop\n');
    expect(e.diagnostics.list).toEqual([]);
    expect(keys(e.roots)).toEqual([['s', ['s/a', 's/$1']]]);
    const [a, second] = e.roots[0]!.children;
    expect(a!.node).toMatchObject({ scope: 'default/s', parent: 's', base: ['specs', 0] });
    // The step chains its inner specs by replacing their ports.
    expect(a!.ports).toEqual({ out: [{ name: '$1', port: 'in' }] });
    expect(second!.ports).toEqual({});
    expect(e.roots[0]!.bounds).toMatchObject({ scope: 'default/s', inbounds: { in: [{ name: 'a', port: 'in' }] } });
  });

  it('gives a block the ports its inbounds and outbounds name, without changing the kind', () => {
    const e = expandText('- kind: block\n  name: b\n  specs: [{ kind: nop, name: x }]\n  inbounds: { go: [{ name: x, port: in }] }\n  outbounds: { done: [{ name: x, port: out }] }\n');
    const node = e.roots[0]!.node;
    expect([...node.inputs.keys()]).toEqual(['go']);
    expect([...node.outputs.keys()]).toEqual(['done']);
    expect(node.kind.definition.inputs).toEqual({});
  });

  it('instantiates a chart with a note at the using spec and the chart env rendered with its fields', () => {
    const e = expandText('- name: greeter\n  specs:\n    - kind: snippet\n      name: say\n      language: text\n      code: "{{ .GREETING }}"\n  env:\n    GREETING: [{ data: "{{ .word }}" }]\n- kind: greeter\n  name: g\n  word: hi\n');
    expect(e.diagnostics.list).toEqual([]);
    const say = e.roots[0]!.children[0]!.node;
    expect(say).toMatchObject({ key: 'g/say', scope: 'default/g', env: { GREETING: [{ data: 'hi' }] } });
    expect(say.notes).toEqual([expect.objectContaining({ message: 'in chart `greeter`, used by node `g` here', line: 9 })]);
  });

  it('leaves invalid specs out and remembers their names, so references to them are not reported again', () => {
    const e = expandText('- kind: listener\n  name: l\n- kind: nosuch\n  name: n\n- kind: nop\n  name: ok\n');
    expect(keys(e.roots)).toEqual(['ok']);
    expect([...e.broken]).toEqual(['default\u0000l', 'default\u0000n']);
    expect(e.diagnostics.list.map((d) => d.code)).toEqual(['MISSING_FIELD', 'MISSING_FIELD', 'UNKNOWN_KIND']);
  });

  it('reports a chart that uses itself once, and does not expand it again', () => {
    const e = expandText('- name: loop\n  specs: [{ kind: loop, name: again }]\n- kind: loop\n  name: top\n');
    expect(e.diagnostics.list.map((d) => d.code)).toEqual(['CHART_CYCLE']);
    expect(keys(e.roots)).toEqual([['top', ['top/again']]]);
    expect(e.roots[0]!.children[0]!.bounds).toBeUndefined();
  });

  it('lists every namespace of the inputs, sorted, invalid specs included', () => {
    expect(expandText('- kind: nop\n  namespace: b\n- kind: nosuch\n  namespace: a\n- kind: nop\n').namespaces).toEqual(['a', 'b', 'default']);
  });
});
