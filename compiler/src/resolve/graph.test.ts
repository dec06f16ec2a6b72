import { describe, expect, it } from 'vitest';
import { compileSources } from '../compile.ts';

const build = (text: string, namespace?: string) => compileSources([{ file: 'x.yaml', text }], { namespace });

describe('resolveGraph', () => {
  it('expands a step into a private chain, even with one inner spec', () => {
    const r = build('- kind: step\n  name: s\n  specs:\n    - kind: snippet\n      name: only\n      language: text\n      code: hi\n');
    expect(r.diagnostics).toEqual([]);
    const keys = r.graph!.nodes.map((n) => n.key);
    expect(keys).toEqual(['s', 's/only']);
    expect(r.graph!.edges).toEqual(
      expect.arrayContaining([
        { from: { node: 's', side: 'inbound', port: 'in' }, to: { node: 's/only', side: 'input', port: 'in' } },
        { from: { node: 's/only', side: 'output', port: 'out' }, to: { node: 's', side: 'outbound', port: 'out' } },
        { from: { node: 's/only', side: 'output', port: 'error' }, to: { node: 's', side: 'outbound', port: 'error' } },
      ]),
    );
  });

  it('inner names live in their own scope and cannot clash with outer ones', () => {
    const r = build('- kind: nop\n  name: a\n- kind: step\n  name: s\n  specs:\n    - kind: nop\n      name: a\n');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('resolves references by id as well as by name, inside one namespace only', () => {
    const r = build('- kind: snippet\n  name: a\n  language: text\n  code: x\n  ports:\n    out:\n      - id: 0190a0a0-0000-7000-8000-000000000001\n        port: in\n- kind: nop\n  id: 0190a0a0-0000-7000-8000-000000000001\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.graph!.edges[0]!.to.node).toBe('nop#0');
  });

  it('indexed ports: plain out aliases out[0]; the highest index sets the count', () => {
    const r = build("- kind: router\n  name: r\n  routes: [{ method: GET, path: /, port: 'out[2]' }]\n  ports:\n    out:\n      - name: n\n        port: in\n    out[2]:\n      - name: n\n        port: in\n- kind: nop\n  name: n\n");
    expect(r.diagnostics).toEqual([]);
    const router = r.graph!.nodes.find((n) => n.key === 'r')!;
    expect(router.indexed).toEqual({ out: 3 });
    expect(r.graph!.edges.map((e) => e.from.port)).toEqual(['out[0]', 'out[2]']);
  });

  it('builds one namespace at a time', () => {
    const text = '- kind: nop\n  name: a\n  namespace: one\n- kind: nop\n  name: b\n  namespace: two\n';
    const r = build(text, 'two');
    expect(r.program!.entry).toContain('"b"');
    expect(r.program!.entry).not.toContain('name: "a"');
  });

  it('the program hash is stable across builds and changes with the spec', () => {
    const a = build('- kind: nop\n  name: a\n').program!.hash;
    expect(build('- kind: nop\n  name: a\n').program!.hash).toBe(a);
    expect(build('- kind: nop\n  name: b\n').program!.hash).not.toBe(a);
  });
});
