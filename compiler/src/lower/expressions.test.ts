import { describe, expect, it } from 'vitest';
import { compileSources } from '../compile.ts';

const build = (text: string) => compileSources([{ file: 'x.yaml', text }], {});
const lines = (...l: string[]): string => `${l.join('\n')}\n`;
const codes = (text: string) => build(text).diagnostics.map(({ code, line, column, node }) => ({ code, line, column, node }));

describe('CEL expressions at build time', () => {
  it('reports a syntax error at its line and column in a plain scalar', () => {
    const text = lines('- kind: if', '  name: adult', '  when: self.age >=* 18');
    const r = build(text);
    expect(codes(text)).toEqual([{ code: 'EXPRESSION_SYNTAX', line: 3, column: 18, node: 'adult' }]);
    expect(r.diagnostics[0]!.message).toMatch(/^CEL syntax error: found > but expecting end of input/);
    expect(r.program).toBeUndefined();
  });

  it('counts the opening quote of a quoted scalar', () => {
    const text = lines('- kind: if', '  name: q', "  when: 'self.a == \"x\" &&'");
    expect(codes(text)).toEqual([{ code: 'EXPRESSION_SYNTAX', line: 3, column: 24, node: 'q' }]);
  });

  it('reports an unknown function inside a switch match, per match', () => {
    const text = lines(
      '- kind: switch',
      '  name: route',
      '  matches:',
      '    - when: self.level == "error"',
      '      port: out[0]',
      '    - when: lower(level) == "warn"',
      '      port: out[1]',
      '  ports:',
      '    out[0]: [{ name: a, port: in }]',
      '    out[1]: [{ name: a, port: in }]',
      '- kind: nop',
      '  name: a',
    );
    const r = build(text);
    expect(codes(text)).toEqual([{ code: 'EXPRESSION_UNKNOWN', line: 6, column: 13, node: 'route' }]);
    expect(r.diagnostics[0]!.message).toBe('unknown function `lower`');
    expect(r.diagnostics[0]!.hint).toContain('docs/cel.md');
  });

  it('reports an unknown function in a reduce action written as a block scalar', () => {
    const text = lines('- kind: reduce', '  name: total', '  init: 0', '  action: |', '    self[0] +', '      sum(self[1])');
    const r = build(text);
    expect(codes(text)).toEqual([{ code: 'EXPRESSION_UNKNOWN', line: 6, column: 7, node: 'total' }]);
    expect(r.diagnostics[0]!.message).toBe('unknown function `sum`');
  });

  it('checks the code of a cel snippet, and of no other language', () => {
    const text = lines('- kind: snippet', '  name: s', '  language: cel', '  code: self.name.toLower()');
    expect(codes(text)).toEqual([{ code: 'EXPRESSION_UNKNOWN', line: 4, column: 19, node: 's' }]);
    expect(build(lines('- kind: snippet', '  name: s', '  language: text', '  code: self +')).diagnostics).toEqual([]);
  });

  it('checks expressions of inner specs where they are written', () => {
    const text = lines('- kind: step', '  name: outer', '  specs:', '    - kind: if', '      name: inner', '      when: nope(self) > 1');
    expect(codes(text)).toEqual([{ code: 'EXPRESSION_UNKNOWN', line: 6, column: 13, node: 'outer/inner' }]);
  });

  const celModules = (r: ReturnType<typeof build>) => [...r.program!.modules.values()].filter((m) => m.field.startsWith('cel:'));

  it('emits the parsed form with the engine, so the program does not parse it again', () => {
    const r = build(lines('- kind: if', '  name: adult', "  when: 'self.age >= 18'"));
    expect(r.diagnostics).toEqual([]);
    expect(r.program!.entry).toMatch(/modules: \{ "cel:when": code_adult_cel_when \}/);
    expect(r.program!.entry).toContain('when: "self.age >= 18"');
    const [module] = celModules(r);
    expect(module!.contents).toContain("export { celProgram } from '@flowc/runtime/lang/cel';");
    expect(module!.contents).toMatch(/export const parsed = "[A-Za-z0-9+/=]+";/);
  });

  it('skips checking an expression with a template; it is parsed when the program starts', () => {
    const r = build(lines('- kind: if', '  name: role', "  when: 'self.role == \"{{ .ROLE }}\" +'"));
    expect(r.diagnostics).toEqual([]);
    expect(r.program!.entry).toContain('tpl(');
    const [module] = celModules(r);
    expect(module!.contents).not.toContain('parsed');
  });

  it('adds no CEL module, hence no engine, to a program without expressions', () => {
    const r = build(lines('- kind: snippet', '  name: s', '  language: text', '  code: hi'));
    expect(r.diagnostics).toEqual([]);
    expect(celModules(r)).toEqual([]);
    expect(r.program!.entry).not.toContain('lang/cel');
  });
});

describe('kind checks against the wiring', () => {
  const switchWith = (port: string, wired: string) =>
    lines(
      '- kind: switch',
      '  name: route',
      '  matches:',
      '    - when: "true"',
      '      port: out[0]',
      '    - when: self.x == 1',
      `      port: ${port}`,
      '  ports:',
      `    ${wired}: [{ name: a, port: in }]`,
      '- kind: nop',
      '  name: a',
    );

  it('reports a switch match whose port is not wired, at the port', () => {
    const text = switchWith('out[2]', 'out[0]');
    const r = build(text);
    expect(codes(text)).toEqual([{ code: 'UNWIRED_PORT', line: 7, column: 13, node: 'route' }]);
    expect(r.diagnostics[0]!.message).toContain('`out[2]`');
    expect(r.diagnostics[0]!.hint).toContain('ports');
    expect(r.program).toBeUndefined();
  });

  it('accepts a switch whose match ports are all wired, plain `out` counting as `out[0]`', () => {
    expect(build(switchWith('out[0]', 'out')).diagnostics).toEqual([]);
  });
});
