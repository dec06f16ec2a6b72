import { describe, expect, it } from 'vitest';
import { compileSources } from '../compile.ts';
import { Diagnostics } from '../diagnostics/diagnostic.ts';
import { LIMITS } from '../diagnostics/limits.ts';
import { parseResources } from './document.ts';

const parse = (text: string, file = 'x.yaml') => {
  const diagnostics = new Diagnostics();
  const resources = parseResources({ file, text }, diagnostics);
  return { resources, diagnostics: diagnostics.list.map((d) => ({ code: d.code, line: d.line, column: d.column, message: d.message })) };
};

const flow = (depth: number): string => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
const block = (depth: number): string => {
  let text = 'deep:\n';
  for (let i = 1; i < depth; i++) text += `${'  '.repeat(i)}k:\n`;
  return `${text}${'  '.repeat(depth)}v: 1\n`;
};

describe('reading YAML and JSON without trusting it', () => {
  it('accepts a UTF-8 byte order mark before YAML as before JSON', () => {
    expect(parse('\uFEFF- kind: nop\n  name: a\n')).toMatchObject({ diagnostics: [], resources: [{ data: { kind: 'nop', name: 'a' } }] });
    expect(parse('\uFEFF[{"kind": "nop"}]', 'x.json').diagnostics).toEqual([]);
  });

  it('keeps __proto__, constructor and prototype as plain keys of prototype-less maps', () => {
    const [r] = parse('kind: nop\n__proto__: { port: 80 }\nconstructor: 1\nprototype: 2\n').resources;
    expect(Object.getPrototypeOf(r!.data)).toBeNull();
    expect(Object.keys(r!.data)).toEqual(['kind', '__proto__', 'constructor', 'prototype']);
    expect((r!.data as { port?: unknown }).port).toBeUndefined();
  });

  it('a __proto__ map supplies no fields to the validator, warns as unknown, and survives into the emitted program', () => {
    const listener = '- kind: listener\n  name: l\n  __proto__:\n    protocol: http\n    port: 80\n';
    expect(compileSources([{ file: 'x.yaml', text: listener }], { emit: false }).diagnostics.map((d) => d.code)).toEqual(['MISSING_FIELD', 'MISSING_FIELD', 'UNKNOWN_FIELD']);
    const r = compileSources([{ file: 'x.yaml', text: '- kind: snippet\n  name: s\n  language: text\n  code: hi\n  __proto__: { polluted: true }\n' }], {});
    expect(r.program!.entry).toContain('["__proto__"]: { polluted: true }');
  });

  it('expands aliases, also across the entries of one file', () => {
    const { resources, diagnostics } = parse('- kind: nop\n  name: &n first\n  tags: &t [a, b]\n- kind: nop\n  name: second\n  alias: *n\n  tags: *t\n');
    expect(diagnostics).toEqual([]);
    expect(resources[1]!.data).toMatchObject({ alias: 'first', tags: ['a', 'b'] });
    expect(resources[1]!.locate(['tags', 1])).toMatchObject({ line: 7, column: 9 });
  });

  it('reports an undefined alias, a self-referencing anchor and an alias bomb where the alias is', () => {
    expect(parse('- kind: nop\n  x: *nosuch\n').diagnostics).toEqual([{ code: 'YAML_SYNTAX', line: 2, column: 6, message: 'alias `*nosuch` names no anchor' }]);
    expect(parse('- &me\n  kind: nop\n  self: *me\n').diagnostics).toEqual([expect.objectContaining({ code: 'YAML_SYNTAX', line: 3, column: 9 })]);
    const levels = ['a0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9]', ...Array.from({ length: 8 }, (_, k) => `a${k + 1}: &a${k + 1} [${Array(9).fill(`*a${k}`).join(', ')}]`)];
    const bomb = parse(`kind: nop\n${levels.join('\n')}\n`);
    expect(bomb.resources).toEqual([]);
    expect(bomb.diagnostics).toEqual([expect.objectContaining({ code: 'LIMIT_EXCEEDED', line: 7 })]);
    expect(bomb.diagnostics[0]!.message).toContain(`over the limit of ${LIMITS.documentValues.max} (documentValues)`);
  });

  it('accepts hundreds of levels of nesting, flow and block, YAML and JSON; refuses past the limit where it is crossed', () => {
    const max = LIMITS.documentDepth.max;
    expect(parse(`kind: nop\nx: ${flow(max - 1)}\n`).diagnostics).toEqual([]);
    expect(parse(`kind: nop\n${block(max - 1)}`).diagnostics).toEqual([]);
    expect(parse(`{"kind": "nop", "x": ${flow(max - 1)}}`, 'x.json').diagnostics).toEqual([]);
    // The top-level map is a level too: the bracket that crosses the limit is the max-th.
    expect(parse(`kind: nop\nx: ${flow(max)}\n`).diagnostics).toEqual([expect.objectContaining({ code: 'LIMIT_EXCEEDED', line: 2, column: 3 + max })]);
    expect(parse(`kind: nop\nx: ${flow(20_000)}\n`).diagnostics).toEqual([expect.objectContaining({ code: 'LIMIT_EXCEEDED', line: 2 })]);
    expect(parse(`kind: nop\n${block(max + 10)}`).diagnostics).toEqual([expect.objectContaining({ code: 'LIMIT_EXCEEDED', line: max + 2 })]);
  });

  it('an alias that nests a deep value inside another one is measured too', () => {
    const half = LIMITS.documentDepth.max / 2 + 10;
    const r = parse(`kind: nop\na: &d ${flow(half)}\nb: ${'['.repeat(half)}*d${']'.repeat(half)}\n`);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'LIMIT_EXCEEDED', line: 3 })]);
  });

  it('reports an unclosed quote or flow collection where it opens, not where the file ends', () => {
    const quote = parse('- kind: snippet\n  name: a\n  code: "unterminated\n  language: text\n- kind: nop\n');
    expect(quote.diagnostics).toEqual([{ code: 'YAML_SYNTAX', line: 3, column: 9, message: 'this double-quoted string is never closed' }]);
    expect(parse("- kind: nop\n  name: 'open\n").diagnostics).toEqual([expect.objectContaining({ line: 2, column: 9, message: 'this single-quoted string is never closed' })]);
    expect(parse('- kind: nop\n  tags: [a, b\n  name: x\n').diagnostics).toEqual([expect.objectContaining({ line: 2, column: 9, message: 'this flow sequence is never closed' })]);
    expect(parse('{"kind": "nop", "x": {"a": 1\n', 'x.json').diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [1, 1, 'this flow map is never closed'],
      [1, 22, 'this flow map is never closed'],
    ]);
    // Closed strings with escaped quotes are closed.
    expect(parse(`- kind: nop\n  a: "say \\"hi\\""\n  b: 'it''s'\n`).diagnostics).toEqual([]);
  });
});
