import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { renderTemplate, TemplateExecError, MissingTemplateKeyError } from '../../../runtime/src/core/template.ts';
import { parseTemplate, templateKeys, TemplateSyntaxError } from './parse.ts';

const render = (source: string, root: unknown): string => renderTemplate(parseTemplate(source), root);

function syntaxError(source: string): TemplateSyntaxError {
  try {
    parseTemplate(source);
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected a syntax error for ${source}`);
}

describe('parseTemplate + renderTemplate', () => {
  it('renders fields, the root and text around actions', () => {
    expect(render('{{ .PORT }}', { PORT: '8000' })).toBe('8000');
    expect(render('{{ . }}', 'whole')).toBe('whole');
    expect(render('http://{{ .HOST }}:{{ .PORT }}/x', { HOST: 'h', PORT: 80 })).toBe('http://h:80/x');
    expect(render('{{ .mail.user }}', { mail: { user: 'robot' } })).toBe('robot');
    expect(render('{{.A}}', { A: true })).toBe('true');
  });

  it('parses a plain field to a compact, JSON-safe AST', () => {
    const t = parseTemplate('port {{ .PORT }}');
    expect(t).toEqual({
      source: 'port {{ .PORT }}',
      nodes: [{ type: 'text', text: 'port ' }, { type: 'action', pipe: [{ type: 'field', path: ['PORT'] }] }],
    });
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
  });

  it('supports index, printf, len and pipelines', () => {
    expect(render('{{ index . "k" }}', { k: 'v' })).toBe('v');
    expect(render('{{ index .list 1 }}', { list: ['a', 'b'] })).toBe('b');
    expect(render('{{ index . "m" "n" }}', { m: { n: 3 } })).toBe('3');
    expect(render('{{ printf "%s-%03d" .a .n }}', { a: 'x', n: 7 })).toBe('x-007');
    expect(render('{{ .a | printf "%q" }}', { a: 'hi "you"' })).toBe('"hi \\"you\\""');
    expect(render('{{ .a | len }}', { a: 'héllo' })).toBe('6'); // bytes, as in Go
    expect(render('{{ len (index . "l") }}', { l: [1, 2, 3] })).toBe('3');
    expect(render('{{ print 1 2 "a" "b" 3 }}', {})).toBe('1 2ab3'); // a space only between two non-strings
  });

  it('renders if / else / else if', () => {
    const t = parseTemplate('{{ if .X }}yes{{ else }}no{{ end }}');
    expect(renderTemplate(t, { X: 1 })).toBe('yes');
    expect(renderTemplate(t, { X: 0 })).toBe('no');
    expect(renderTemplate(t, { X: '' })).toBe('no');
    expect(renderTemplate(t, { X: [] })).toBe('no');
    expect(renderTemplate(t, { X: {} })).toBe('no');
    expect(renderTemplate(t, { X: null })).toBe('no');
    const chain = parseTemplate('{{if eq .N 1}}one{{else if eq .N 2}}two{{else}}many{{end}}!');
    expect([1, 2, 3].map((N) => renderTemplate(chain, { N }))).toEqual(['one!', 'two!', 'many!']);
    expect(render('{{ if and .A (not .B) }}ok{{ end }}', { A: 1, B: false })).toBe('ok');
    expect(render('{{ if or .A .B }}{{ .B }}{{ end }}', { A: 0, B: 'b' })).toBe('b');
    expect(render('{{ if lt .a .b }}<{{ end }}{{ if ge .a .b }}>={{ end }}', { a: 1, b: 2 })).toBe('<');
    expect(render('{{ if ne .s "x" }}ne{{ end }}', { s: 'y' })).toBe('ne');
  });

  it('handles trim markers and comments', () => {
    expect(render('a  {{- .X -}}  \n b', { X: 1 })).toBe('a1b');
    expect(render('a {{- /* note */ -}} b', {})).toBe('ab');
    expect(render('a{{/* note */}}b', {})).toEqual('ab');
    expect(parseTemplate('a{{/* note */}}b').nodes).toEqual([{ type: 'text', text: 'ab' }]);
    expect(render('{{ -3 }}', {})).toBe('-3'); // a negative number, not a trim marker
  });

  it('prints values like Go', () => {
    const root = { l: ['a', 1, true, null], m: { b: 2, a: [1] }, f: 1.5, big: 1234567.5, n: null };
    expect(render('{{ .l }}|{{ .m }}|{{ .f }}|{{ .big }}|{{ .n }}', root)).toBe('[a 1 true <nil>]|map[a:[1] b:2]|1.5|1.2345675e+06|<nil>');
    expect(render('{{ printf "%5s|%-4d|%.2f|%x|%X|%t|%%|%v" "ab" 7 3.14159 255 "hi" true .l }}', root)).toBe(
      '   ab|7   |3.14|ff|6869|true|%|[a 1 true <nil>]',
    );
    expect(render('{{ printf "%d %s" "x" }}', {})).toBe('%!d(string=x) %!s(MISSING)');
    expect(render('{{ printf "%d" 1 2 }}', {})).toBe('1%!(EXTRA int=2)');
    expect(render('{{ printf "%+05d|%#x|%q|%e" 42 255 65 1500.0 }}', {})).toBe('+0042|0xff|\'A\'|1.500000e+03');
  });

  it('decodes literals', () => {
    expect(render('{{ "a\\tb\\u00e9" }}', {})).toBe('a\tbé');
    expect(render('{{ `raw\\n` }}', {})).toBe('raw\\n');
    expect(render("{{ 'a' }} {{ 0x1F }} {{ 017 }} {{ 1_000 }} {{ true }}", {})).toBe('97 31 15 1000 true');
  });
});

describe('render errors', () => {
  it('throws MissingTemplateKeyError with the dotted key', () => {
    const cases: [string, unknown, string][] = [
      ['{{ .PORT }}', {}, 'PORT'],
      ['{{ .mail.user }}', { mail: {} }, 'mail.user'],
      ['{{ .mail.user }}', { mail: 'text' }, 'mail.user'],
      ['{{ index . "k" }}', {}, 'k'],
      ['{{ index .m "k" }}', { m: {} }, 'm.k'],
      ['{{ index .l 5 }}', { l: [] }, 'l.5'],
      ['{{ .toString }}', {}, 'toString'],
      ['{{ if .X }}{{ end }}', {}, 'X'],
    ];
    for (const [source, root, key] of cases) {
      const t = parseTemplate(source);
      expect(() => renderTemplate(t, root), source).toThrow(MissingTemplateKeyError);
      try {
        renderTemplate(t, root);
      } catch (e) {
        expect((e as MissingTemplateKeyError).key, source).toBe(key);
      }
    }
  });

  it('reports other failures as TemplateExecError', () => {
    expect(() => render('{{ lt .a .b }}', { a: 1, b: 'x' })).toThrow(TemplateExecError);
    expect(() => render('{{ len .a }}', { a: 3 })).toThrow(/len of/);
    expect(() => render('{{ eq .a .b }}', { a: [], b: [] })).toThrow(TemplateExecError);
  });

  it('short-circuits and / or', () => {
    expect(render('{{ and .A .Missing }}', { A: 0 })).toBe('0');
    expect(render('{{ or .A .Missing }}', { A: 'a' })).toBe('a');
  });
});

describe('syntax errors', () => {
  const cases: [string, RegExp, number][] = [
    ['x {{ .PORT', /unclosed action: expected "}}"/, 2],
    ['{{ .PORT }', /unclosed action/, 9],
    ['{{ end }}', /unexpected \{\{end\}\}/, 0],
    ['a{{ else }}', /unexpected \{\{else\}\}/, 1],
    ['ab {{ if .X }}y', /missing \{\{end\}\} for \{\{if\}\}/, 3],
    ['{{ if .X }}{{ else if .Y }}{{ else }}', /missing \{\{end\}\}/, 0],
    ['{{ if .X }}{{ else }}{{ else }}{{ end }}', /already has one/, 21],
    ['{{ foo .X }}', /unknown function "foo"/, 3],
    ['{{ }}', /missing value for command/, 3],
    ['{{ if }}{{ end }}', /missing value for if/, 6],
    ['{{ "abc }}', /unterminated quoted string/, 3],
    ['{{ .A .B }}', /can't give argument to non-function \.A/, 6],
    ['{{ .A | .B }}', /non executable command in pipeline stage 2/, 8],
    ['{{ len }}', /wrong number of args for len: want 1 got 0/, 3],
    ['{{ (len .a }}', /unclosed left paren/, 3],
    ['{{ $x }}', /variables are not supported/, 3],
    ['{{ range .L }}{{ end }}', /\{\{range\}\} is not supported/, 3],
    ['{{ .a. }}', /field name/, 6],
    ['{{ 3x }}', /unexpected "x"/, 4],
    ['{{ "\\q" }}', /unknown escape sequence/, 4],
    ['{{ nil }}', /nil is not a command/, 3],
    ['{{ .X-}}', /unexpected "-"/, 5],
  ];
  for (const [source, message, offset] of cases) {
    it(`${source} → ${message.source} at ${offset}`, () => {
      const e = syntaxError(source);
      expect(e.message).toMatch(message);
      expect(e.offset).toBe(offset);
    });
  }
});

describe('templateKeys', () => {
  it('lists the top-level keys a template reads', () => {
    const t = parseTemplate('{{ .PORT }}{{ if .mail.user }}{{ index . "db-name" }}{{ printf "%s" (.HOST) }}{{ end }}{{ . }}{{ .PORT }}');
    expect(templateKeys(t)).toEqual(['PORT', 'mail', 'db-name', 'HOST']);
  });
});

describe('properties', () => {
  const noAction = fc.string({ unit: 'binary', minLength: 1 }).filter((s) => !s.includes('{{'));

  it('text without {{ is a single text node that renders to itself', () => {
    fc.assert(
      fc.property(noAction, (s) => {
        const t = parseTemplate(s);
        expect(t.nodes).toEqual([{ type: 'text', text: s }]);
        expect(renderTemplate(t, {})).toBe(s);
      }),
    );
  });

  const templateish = fc
    .array(
      fc.oneof(
        fc.constantFrom('{{', '}}', '{{- ', ' -}}', '.', '.A', '.B.c', ' ', 'if', 'else', 'end', '"', '`', "'", '\\',
          '(', ')', '|', 'printf', 'index', 'len', 'and', 'not', 'eq', '1', '-', '0x', '%d', '%q', '/*', '*/', 'nil', 'true', 'x'),
        fc.string({ maxLength: 3 }),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join(''));

  it('parseTemplate only ever throws TemplateSyntaxError; rendering only TemplateExecError', () => {
    fc.assert(
      fc.property(fc.oneof(templateish, fc.string({ unit: 'binary' })), (source) => {
        let t;
        try {
          t = parseTemplate(source);
        } catch (e) {
          expect(e).toBeInstanceOf(TemplateSyntaxError);
          const { offset } = e as TemplateSyntaxError;
          expect(offset >= 0 && offset <= source.length).toBe(true);
          return;
        }
        expect(JSON.parse(JSON.stringify(t))).toEqual(t);
        try {
          expect(typeof renderTemplate(t, { A: 'a', B: { c: [1, 'two'] } })).toBe('string');
        } catch (e) {
          expect(e).toBeInstanceOf(TemplateExecError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
