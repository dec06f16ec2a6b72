/**
 * Build-time parser for Go `text/template` strings in specs. Produces the plain-data AST that the
 * runtime evaluates (runtime/src/core/template.ts); no parsing happens at run time.
 *
 * Supported: text, `{{ pipeline }}`, `{{ if }}`/`{{ else }}`/`{{ else if }}`/`{{ end }}`, comments,
 * `{{- ` / ` -}}` trimming, fields, literals, parenthesised pipelines, `|`, and Go's builtins
 * and/or/not/len/index/print/printf/eq/ne/lt/le/gt/ge. Not supported (reported as syntax errors):
 * variables, range/with/define/template/block, and other builtins.
 */
import type {
  CompiledTemplate,
  TemplateExpr,
  TemplateFunction,
  TemplateNode,
  TemplatePipeline,
} from '../../../runtime/src/core/template.ts';

export class TemplateSyntaxError extends Error {
  override name = 'TemplateSyntaxError';
  /** 0-based index into the template source where the problem is. */
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/** Accepted argument counts, a piped-in value included. */
const FUNCTIONS: Readonly<Record<TemplateFunction, readonly [min: number, max: number]>> = {
  and: [1, Infinity], or: [1, Infinity], not: [1, 1], len: [1, 1], index: [1, Infinity],
  print: [0, Infinity], printf: [1, Infinity],
  eq: [2, Infinity], ne: [2, 2], lt: [2, 2], le: [2, 2], gt: [2, 2], ge: [2, 2],
};
const isFunction = (name: string): name is TemplateFunction => Object.hasOwn(FUNCTIONS, name);

const UNSUPPORTED_ACTIONS = new Set(['range', 'with', 'define', 'template', 'block', 'break', 'continue']);
const MAX_PAREN_DEPTH = 100;

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const IDENT = /[\p{L}_][\p{L}\p{N}_]*/uy;
const NUMBER = /[+-]?(?:0[xX][\da-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)/y;

export function parseTemplate(source: string): CompiledTemplate {
  return { source, nodes: new Parser(source).parse() };
}

/** Top-level keys the template reads: `.PORT` → `PORT`, `.a.b` → `a`, `index . "k"` → `k`. */
export function templateKeys(t: CompiledTemplate): string[] {
  const keys = new Set<string>();
  const expr = (e: TemplateExpr): void => {
    if (e.type === 'field' && e.path[0] !== undefined) keys.add(e.path[0]);
    if (e.type === 'pipe') e.pipe.forEach(expr);
    if (e.type === 'call') {
      const [recv, key] = e.args;
      if (e.fn === 'index' && recv?.type === 'field' && recv.path.length === 0 && key?.type === 'literal' && typeof key.value === 'string') {
        keys.add(key.value);
      }
      e.args.forEach(expr);
    }
  };
  const nodes = (ns: readonly TemplateNode[]): void => {
    for (const n of ns) {
      if (n.type !== 'text') n.pipe.forEach(expr);
      if (n.type === 'if') { nodes(n.then); nodes(n.else); }
    }
  };
  nodes(t.nodes);
  return [...keys];
}

type IfNode = Extract<TemplateNode, { type: 'if' }>;
/** An open `{{if}}`; `chained` ones come from `{{else if}}` and are closed by their parent's `{{end}}`. */
interface Frame { node: IfNode; open: number; inElse: boolean; chained: boolean }
/** One operand of a command; `fn` is set when it is a function name. */
interface Operand { expr: TemplateExpr; fn?: TemplateFunction; start: number; end: number }

class Parser {
  private readonly src: string;
  private pos = 0;
  private trimNext = false;
  private depth = 0;
  private readonly root: TemplateNode[] = [];
  private readonly stack: Frame[] = [];

  constructor(src: string) {
    this.src = src;
  }

  private fail(message: string, offset = this.pos): never {
    throw new TemplateSyntaxError(message, offset);
  }

  parse(): TemplateNode[] {
    const { src } = this;
    while (this.pos < src.length) {
      const open = src.indexOf('{{', this.pos);
      let text = src.slice(this.pos, open < 0 ? src.length : open);
      const trimBefore = open >= 0 && src[open + 2] === '-' && isSpace(src[open + 3]);
      if (this.trimNext) text = text.replace(/^[ \t\r\n]+/, '');
      if (trimBefore) text = text.replace(/[ \t\r\n]+$/, '');
      this.trimNext = false;
      if (text) this.push({ type: 'text', text });
      if (open < 0) break;
      this.pos = open + (trimBefore ? 4 : 2);
      this.action(open);
    }
    const last = this.stack.findLast((f) => !f.chained);
    if (last) this.fail('missing {{end}} for {{if}}', last.open);
    return this.root;
  }

  private push(node: TemplateNode): void {
    const frame = this.stack.at(-1);
    const target = frame ? (frame.inElse ? frame.node.else : frame.node.then) : this.root;
    const last = target.at(-1);
    if (node.type === 'text' && last?.type === 'text') last.text += node.text; // around a comment
    else target.push(node);
  }

  /** Parses one action; `this.pos` is just after `{{` (and its trim marker). */
  private action(open: number): void {
    if (this.src.startsWith('/*', this.pos)) return this.comment();
    this.skipSpace();
    const start = this.pos;
    const word = this.peekIdent();
    if (word === 'if') {
      this.pos += word.length;
      this.openIf(open, false);
    } else if (word === 'else') {
      const frame = this.stack.at(-1);
      if (!frame) this.fail('unexpected {{else}}', open);
      if (frame.inElse) this.fail('unexpected {{else}}: this {{if}} already has one', open);
      frame.inElse = true;
      this.pos += word.length;
      this.skipSpace();
      if (this.peekIdent() === 'if') {
        this.pos += 2;
        this.openIf(open, true);
      } else {
        this.close(open, 'else');
      }
    } else if (word === 'end') {
      if (!this.stack.length) this.fail('unexpected {{end}}', open);
      this.pos += word.length;
      this.close(open, 'end');
      let frame = this.stack.pop();
      while (frame?.chained) frame = this.stack.pop(); // one {{end}} closes an {{else if}} chain
    } else if (word !== undefined && UNSUPPORTED_ACTIONS.has(word)) {
      this.fail(`{{${word}}} is not supported`, start);
    } else {
      const pipe = this.pipeline('command');
      this.close(open, 'command');
      this.push({ type: 'action', pipe });
    }
  }

  private openIf(open: number, chained: boolean): void {
    const pipe = this.pipeline('if');
    this.close(open, 'if');
    const node: IfNode = { type: 'if', pipe, then: [], else: [] };
    this.push(node);
    this.stack.push({ node, open, inElse: false, chained });
  }

  private comment(): void {
    const end = this.src.indexOf('*/', this.pos + 2);
    if (end < 0) this.fail('unclosed comment', this.pos);
    this.pos = end + 2;
    if (this.src.startsWith('}}', this.pos)) this.pos += 2;
    else if (this.src.startsWith(' -}}', this.pos)) { this.pos += 4; this.trimNext = true; }
    else this.fail('comment ends before closing delimiter', this.pos);
  }

  /** Consumes `}}` or ` -}}`. */
  private close(open: number, ctx: string): void {
    this.skipSpace();
    const { src, pos } = this;
    if (src.startsWith('}}', pos)) this.pos += 2;
    else if (src.startsWith('-}}', pos) && isSpace(src[pos - 1])) { this.pos += 3; this.trimNext = true; }
    else if (pos >= src.length) this.fail('unclosed action: expected "}}"', open);
    else this.fail(`unexpected ${JSON.stringify(src[pos])} in ${ctx}`);
  }

  private skipSpace(): void {
    while (isSpace(this.src[this.pos])) this.pos++;
  }

  private peekIdent(): string | undefined {
    IDENT.lastIndex = this.pos;
    return IDENT.exec(this.src)?.[0];
  }

  /** End of a command: `}}`, ` -}}`, `)`, `|` or end of input. */
  private atCommandEnd(): boolean {
    const { src, pos } = this;
    const c = src[pos];
    return c === undefined || c === ')' || c === '|' || src.startsWith('}}', pos) || (src.startsWith('-}}', pos) && isSpace(src[pos - 1]));
  }

  private pipeline(ctx: string): TemplatePipeline {
    const pipe: TemplatePipeline = [];
    for (;;) {
      this.skipSpace();
      const operands: Operand[] = [];
      while (!this.atCommandEnd()) {
        operands.push(this.operand(ctx));
        this.skipSpace();
      }
      const [first, ...rest] = operands;
      if (!first) this.fail(pipe.length ? 'missing command after "|"' : `missing value for ${ctx}`);
      pipe.push(this.command(first, rest, pipe.length));
      if (this.src[this.pos] !== '|') return pipe;
      this.pos++;
    }
  }

  private command(first: Operand, rest: Operand[], stage: number): TemplateExpr {
    for (const o of rest) if (o.fn) this.checkArity(o.fn, 0, o.start);
    if (first.fn) {
      this.checkArity(first.fn, rest.length + (stage > 0 ? 1 : 0), first.start);
      return { type: 'call', fn: first.fn, args: rest.map((o) => o.expr) };
    }
    if (stage > 0) this.fail(`non executable command in pipeline stage ${stage + 1}`, first.start);
    if (rest[0]) this.fail(`can't give argument to non-function ${this.src.slice(first.start, first.end)}`, rest[0].start);
    if (first.expr.type === 'literal' && first.expr.value === null) this.fail('nil is not a command', first.start);
    return first.expr;
  }

  private checkArity(fn: TemplateFunction, got: number, offset: number): void {
    const [min, max] = FUNCTIONS[fn];
    if (got >= min && got <= max) return;
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    this.fail(`wrong number of args for ${fn}: want ${want} got ${got}`, offset);
  }

  private operand(ctx: string): Operand {
    const start = this.pos;
    const expr = this.term(ctx);
    const end = this.pos;
    if (!isSpace(this.src[end]) && !this.atCommandEnd()) {
      this.fail(`unexpected ${JSON.stringify(this.src[end])} in operand`);
    }
    // term() returns a call only for a bare function name; its arguments are the command's other operands.
    return expr.type === 'call' ? { expr, fn: expr.fn, start, end } : { expr, start, end };
  }

  private term(ctx: string): TemplateExpr {
    const { src } = this;
    const start = this.pos;
    const c = src[start] ?? '';
    if (c === '.' && !/\d/.test(src[start + 1] ?? '')) return this.field();
    if (c === '"') return { type: 'literal', value: this.quoted() };
    if (c === '`') return { type: 'literal', value: this.raw() };
    if (c === "'") return { type: 'literal', value: this.char() };
    if (c === '$') this.fail('variables are not supported');
    if (c === '}') this.fail('unclosed action: expected "}}", found "}"');
    if (c === '(') {
      if (++this.depth > MAX_PAREN_DEPTH) this.fail('too many nested parentheses');
      this.pos++;
      const pipe = this.pipeline('parenthesized pipeline');
      if (src[this.pos] !== ')') this.fail('unclosed left paren', start);
      this.pos++;
      this.depth--;
      return { type: 'pipe', pipe };
    }
    if (/[-+.\d]/.test(c)) return { type: 'literal', value: this.number() };
    const word = this.peekIdent();
    if (word === undefined) this.fail(`unexpected ${JSON.stringify(c)} in ${ctx}`);
    this.pos += word.length;
    if (word === 'true' || word === 'false') return { type: 'literal', value: word === 'true' };
    if (word === 'nil') return { type: 'literal', value: null };
    if (isFunction(word)) return { type: 'call', fn: word, args: [] };
    if (word === 'if' || word === 'else' || word === 'end' || UNSUPPORTED_ACTIONS.has(word)) {
      this.fail(`unexpected "${word}" in ${ctx}`, start);
    }
    return this.fail(`unknown function "${word}"`, start);
  }

  /** `.`, `.A`, `.a.b`. */
  private field(): TemplateExpr {
    const path: string[] = [];
    this.pos++;
    for (;;) {
      const name = this.peekIdent();
      if (name === undefined) {
        if (path.length) this.fail('expected a field name after "."', this.pos);
        break;
      }
      path.push(name);
      this.pos += name.length;
      if (this.src[this.pos] !== '.') break;
      this.pos++;
    }
    return { type: 'field', path };
  }

  private number(): number {
    const start = this.pos;
    NUMBER.lastIndex = start;
    const m = NUMBER.exec(this.src);
    if (!m) this.fail(`unexpected ${JSON.stringify(this.src[start])}`);
    this.pos = NUMBER.lastIndex;
    let text = m[0].replaceAll('_', '');
    const negative = text.startsWith('-');
    if (/^[-+]/.test(text)) text = text.slice(1);
    const value = /^0[0-7]+$/.test(text) ? parseInt(text, 8) : Number(text); // Go: leading 0 is octal
    if (Number.isNaN(value)) this.fail(`bad number syntax: ${m[0]}`, start);
    if (!Number.isFinite(value)) this.fail(`number out of range: ${m[0]}`, start);
    return negative ? -value : value;
  }

  /** A Go interpreted string literal `"..."`. */
  private quoted(): string {
    const start = this.pos++;
    let s = '';
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined || c === '\n') this.fail('unterminated quoted string', start);
      this.pos++;
      if (c === '"') return s;
      s += c === '\\' ? this.escape('"') : c;
    }
  }

  /** A Go raw string literal `` `...` `` (may span lines; carriage returns are dropped). */
  private raw(): string {
    const start = this.pos;
    const end = this.src.indexOf('`', start + 1);
    if (end < 0) this.fail('unterminated raw quoted string', start);
    this.pos = end + 1;
    return this.src.slice(start + 1, end).replaceAll('\r', '');
  }

  /** A Go character constant `'a'`: its code point. */
  private char(): number {
    const start = this.pos++;
    const c = this.src.codePointAt(this.pos);
    if (c === undefined || c === 0x0a || c === 0x27) this.fail('malformed character constant', start);
    let ch: string;
    if (c === 0x5c) {
      this.pos++;
      ch = this.escape("'");
    } else {
      ch = String.fromCodePoint(c);
      this.pos += ch.length;
    }
    if (this.src[this.pos] !== "'") this.fail('malformed character constant', start);
    this.pos++;
    return ch.codePointAt(0) ?? 0;
  }

  /** The escape after a backslash (already consumed). Byte escapes (`\x`, octal) give a code unit. */
  private escape(quote: string): string {
    const at = this.pos - 1;
    const c = this.src[this.pos++] ?? '';
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (c === quote) return c;
    if (Object.hasOwn(simple, c)) return simple[c] ?? '';
    const digits = (n: number, radix: number, re: RegExp, from = this.pos): number => {
      const text = this.src.slice(from, from + n);
      if (text.length < n || !re.test(text)) this.fail('invalid escape sequence', at);
      this.pos = from + n;
      return parseInt(text, radix);
    };
    const hex = /^[\da-fA-F]+$/;
    if (c === 'x') return String.fromCharCode(digits(2, 16, hex));
    if (/[0-7]/.test(c)) {
      const v = digits(3, 8, /^[0-7]+$/, this.pos - 1);
      if (v > 255) this.fail('invalid escape sequence', at);
      return String.fromCharCode(v);
    }
    if (c === 'u' || c === 'U') {
      const v = digits(c === 'u' ? 4 : 8, 16, hex);
      if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) this.fail('escape sequence is invalid Unicode code point', at);
      return String.fromCodePoint(v);
    }
    return this.fail('unknown escape sequence', at);
  }
}
