import { describe, expect, it } from 'vitest';
import { compileSources } from '../compile.ts';
import { normalizeSpec } from './normalize.ts';

describe("uniflow's forms (docs/compat.md)", () => {
  it('env written as a map of single entries is the list form', () => {
    const spec = normalizeSpec({ kind: 'listener', env: { PORT: { data: '{{ .PORT }}' }, HOST: [{ data: 'x' }] } }, undefined);
    expect(spec.env).toEqual(Object.assign(Object.create(null), { PORT: [{ data: '{{ .PORT }}' }], HOST: [{ data: 'x' }] }));
  });

  it('numbers and booleans where the schema wants text become text, nested ones too; other fields are left alone', () => {
    const schema = { type: 'object', properties: { code: { type: 'string' }, port: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } } };
    expect({ ...normalizeSpec({ kind: 'x', code: 42, port: 80, tags: [1, true, 'a'] }, schema) }).toEqual({ kind: 'x', code: '42', port: 80, tags: ['1', 'true', 'a'] });
  });

  it("uniflow's ping forms build: an env map and a number as a text snippet's code", () => {
    const text = [
      '- kind: listener',
      '  name: http',
      '  protocol: http',
      "  port: '{{ .PORT }}'",
      '  env:',
      "    PORT: { data: '{{ .PORT }}' }",
      '  ports:',
      '    out: [{ name: pong, port: in }]',
      '- kind: snippet',
      '  name: pong',
      '  language: text',
      '  code: 42',
      '',
    ].join('\n');
    const r = compileSources([{ file: 'ping.yaml', text }], {});
    expect(r.diagnostics).toEqual([]);
    expect(r.program!.entry).toContain('code: "42"');
    expect(r.program!.entry).toMatch(/env: \{ PORT: \[\{ data: tpl\(/);
  });
});
