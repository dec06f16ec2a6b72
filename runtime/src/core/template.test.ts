import { describe, it, expect } from 'vitest';
import { formatValue, isTemplate, MissingTemplateKeyError, renderTemplate, TemplateExecError } from './template.ts';
import type { CompiledTemplate, TemplateNode } from './template.ts';

// Hand-written ASTs: the runtime evaluates what the compiler emits, without parsing.
const tpl = (...nodes: TemplateNode[]): CompiledTemplate => ({ source: '(hand-written)', nodes });
const field = (...path: string[]) => ({ type: 'field', path }) as const;
const lit = (value: string | number | boolean | null) => ({ type: 'literal', value }) as const;

describe('renderTemplate', () => {
  it('renders text and fields', () => {
    const t = tpl({ type: 'text', text: 'port=' }, { type: 'action', pipe: [field('PORT')] });
    expect(renderTemplate(t, { PORT: 8000 })).toBe('port=8000');
    expect(renderTemplate(tpl({ type: 'action', pipe: [field()] }), 'root')).toBe('root');
  });

  it('passes the previous pipeline result as the last argument', () => {
    const t = tpl({ type: 'action', pipe: [field('a'), { type: 'call', fn: 'printf', args: [lit('<%s>')] }] });
    expect(renderTemplate(t, { a: 'x' })).toBe('<x>');
  });

  it('evaluates if nodes with Go truthiness', () => {
    const t = tpl({ type: 'if', pipe: [field('X')], then: [{ type: 'text', text: 'T' }], else: [{ type: 'text', text: 'F' }] });
    const truthy = [true, 1, -1, 'a', [0], { k: 0 }];
    const falsy = [false, 0, '', null, [], {}];
    expect(truthy.map((X) => renderTemplate(t, { X }))).toEqual(truthy.map(() => 'T'));
    expect(falsy.map((X) => renderTemplate(t, { X }))).toEqual(falsy.map(() => 'F'));
  });

  it('throws MissingTemplateKeyError for missing keys', () => {
    const t = tpl({ type: 'action', pipe: [field('mail', 'user')] });
    expect(() => renderTemplate(t, { mail: {} })).toThrow(MissingTemplateKeyError);
    expect(() => renderTemplate(t, {})).toThrow(expect.objectContaining({ key: 'mail' }));
    expect(() => renderTemplate(t, { mail: 3 })).toThrow(expect.objectContaining({ key: 'mail.user' }));
    expect(() => renderTemplate(t, null)).toThrow(expect.objectContaining({ key: 'mail' }));
    expect(new MissingTemplateKeyError('K')).toBeInstanceOf(TemplateExecError);
  });

  it('compares like Go', () => {
    const cmp = (fn: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge', ...args: (string | number | null)[]) =>
      renderTemplate(tpl({ type: 'action', pipe: [{ type: 'call', fn, args: args.map(lit) }] }), {});
    expect(cmp('eq', 1, 2, 1)).toBe('true');
    expect(cmp('eq', null, 'a')).toBe('false');
    expect(cmp('ne', 'a', 'b')).toBe('true');
    expect([cmp('lt', 1, 2), cmp('le', 2, 2), cmp('gt', 'b', 'a'), cmp('ge', 1, 2)]).toEqual(['true', 'true', 'true', 'false']);
    expect(() => cmp('eq', 1, 'a')).toThrow(/incompatible types/);
  });
});

describe('formatValue', () => {
  it('prints like fmt %v', () => {
    expect(formatValue('s')).toBe('s');
    expect(formatValue(42)).toBe('42');
    expect(formatValue(1e21)).toBe('1e+21');
    expect(formatValue(0.5)).toBe('0.5');
    expect(formatValue(0.00001)).toBe('1e-05');
    expect(formatValue(-Infinity)).toBe('-Inf');
    expect(formatValue(null)).toBe('<nil>');
    expect(formatValue([1, ['a', 'b']])).toBe('[1 [a b]]');
    expect(formatValue({ z: 1, a: { b: null } })).toBe('map[a:map[b:<nil>] z:1]');
  });
});

describe('isTemplate', () => {
  it('detects {{', () => {
    expect(isTemplate('{{ .X }}')).toBe(true);
    expect(isTemplate('a { b } }}')).toBe(false);
  });
});
