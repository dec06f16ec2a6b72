import { describe, expect, it } from 'vitest';
import { linkEdges, parsePortName } from './link.ts';
import { indexScopes } from './scopes.ts';
import { expandText } from './testing.ts';

const link = (text: string) => {
  const e = expandText(text);
  return { ...linkEdges(indexScopes(e.roots, e.diagnostics), e.broken, e.diagnostics), diagnostics: e.diagnostics.list };
};

describe('parsePortName', () => {
  it('splits a name and its index, and refuses anything else', () => {
    expect(parsePortName('out')).toEqual({ base: 'out', index: undefined });
    expect(parsePortName('out[2]')).toEqual({ base: 'out', index: 2 });
    expect(parsePortName('out[x]')).toBeUndefined();
  });
});

describe('linkEdges', () => {
  it('links ports by name, normalises indexed ports and records each index used', () => {
    const r = link('- kind: split\n  name: s\n  ports:\n    out: [{ name: m, port: in }]\n    out[2]: [{ name: m, port: "in[1]" }]\n    init: [{ name: m, port: in }]\n- kind: merge\n  name: m\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.edges).toEqual([
      { from: { node: 's', side: 'output', port: 'out[0]' }, to: { node: 'm', side: 'input', port: 'in[0]' } },
      { from: { node: 's', side: 'output', port: 'out[2]' }, to: { node: 'm', side: 'input', port: 'in[1]' } },
      { from: { node: 's', side: 'hook', port: 'init' }, to: { node: 'm', side: 'input', port: 'in[0]' } },
    ]);
    expect(r.uses.map((u) => `${u.node}.${u.base}[${u.index}]`)).toEqual(['s.out[0]', 'm.in[0]', 's.out[2]', 'm.in[1]', 'm.in[0]']);
  });

  it('wires a composite\'s bounds after every ports edge, skipping optional ones the inner kind lacks', () => {
    const r = link('- kind: step\n  name: s\n  specs: [{ kind: print, name: p }]\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.edges.map((e) => `${e.from.node}.${e.from.side}.${e.from.port} -> ${e.to.node}.${e.to.side}.${e.to.port}`)).toEqual([
      's.inbound.in -> s/p.input.in',
      's/p.output.out -> s.outbound.out',
      's/p.output.error -> s.outbound.error',
    ]);
  });

  it('reports unknown nodes and ports where they are written; references to invalid specs are not reported again', () => {
    const r = link('- kind: print\n  name: a\n  ports:\n    out: [{ name: nope, port: in }, { name: b, port: inn }, { name: bad, port: in }]\n    result: [{ name: b, port: in }]\n- kind: nop\n  name: b\n- kind: listener\n  name: bad\n');
    expect(r.edges).toEqual([]);
    expect(r.diagnostics.filter((d) => d.code !== 'MISSING_FIELD').map((d) => [d.code, d.line, d.column])).toEqual([
      ['UNKNOWN_NODE', 4, 11],
      ['UNKNOWN_PORT', 4, 48],
      ['UNKNOWN_PORT', 5, 5],
    ]);
  });

  it("points a chart's bad outbound port at its `port:` line", () => {
    const r = link('- name: wrap\n  specs: [{ kind: snippet, name: inner, language: text, code: hi }]\n  outbounds:\n    out:\n      - name: inner\n        port: result\n- kind: wrap\n  name: w\n');
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'UNKNOWN_PORT', line: 6, column: 9, node: 'w/inner' })]);
  });
});
