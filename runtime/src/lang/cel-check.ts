import { parse } from '@bufbuild/cel';
import type { Expr, ParsedExpr } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';
import { CEL_BUILTIN_CALLS, CEL_ENV, CEL_TYPE_NAMES } from './cel-env.ts';

/** Longest expression accepted, in characters (cel-go's default code point limit). */
export const CEL_MAX_SIZE = 100_000;
/** Deepest nesting accepted: brackets, and operators applied to the results of others. */
export const CEL_MAX_DEPTH = 250;

/** A problem in a CEL expression; `line` and `column` are 1-based and point into the expression text. */
export interface CelProblem {
  /** `limit`: the expression is over CEL_MAX_SIZE or CEL_MAX_DEPTH (`limit` says which, `found` by how much). */
  readonly kind: 'syntax' | 'unknown' | 'limit';
  readonly limit?: 'size' | 'depth';
  readonly found?: number;
  readonly message: string;
  readonly hint?: string;
  readonly line: number;
  readonly column: number;
}

export interface CelAnalysis {
  /** Present when the expression parses, even if it has `unknown` problems. */
  readonly parsed: ParsedExpr | undefined;
  readonly problems: readonly CelProblem[];
  /**
   * Names used as variables besides `self` and macro variables. As in uniflow, each is a key of a map
   * input (`count > 10` reads the input's `count`); they are bound from the input at evaluation.
   */
  readonly variables: readonly string[];
}

const MACROS: Readonly<Record<string, string>> = {
  has: '`has` takes one field selection, e.g. `has(self.name)`',
  all: '`all` takes a variable and a condition, e.g. `self.items.all(x, x > 0)`',
  exists: '`exists` takes a variable and a condition, e.g. `self.items.exists(x, x > 0)`',
  exists_one: '`exists_one` takes a variable and a condition, e.g. `self.items.exists_one(x, x > 0)`',
  map: '`map` takes a variable and an expression, e.g. `self.items.map(x, x * 2)`',
  filter: '`filter` takes a variable and a condition, e.g. `self.items.filter(x, x > 0)`',
};

interface SyntaxError {
  readonly rawMessage?: string;
  readonly message: string;
  readonly expected?: readonly unknown[];
  readonly found?: string | null;
  readonly location?: { readonly start: { readonly line: number; readonly column: number } };
}

/**
 * Parses an expression and checks every name in it: every function must exist in the flowc CEL
 * environment; a variable is `self`, a variable of a comprehension macro, or a key of a map input.
 */
export function analyseCel(source: string): CelAnalysis {
  const tooBig = sizeProblem(source) ?? bracketProblem(source);
  if (tooBig) return { parsed: undefined, problems: [tooBig], variables: [] };
  let parsed: ParsedExpr;
  try {
    parsed = parse(source);
  } catch (error) {
    return { parsed: undefined, problems: [parseProblem(source, error)], variables: [] };
  }
  const deep = depthProblem(source, parsed);
  if (deep) return { parsed: undefined, problems: [deep], variables: [] };
  return { parsed, ...checkNames(source, parsed) };
}

/** The names check of `analyseCel`, for an expression parsed already (the compiler ships it parsed). */
export function checkNames(source: string, parsed: ParsedExpr): Pick<CelAnalysis, 'problems' | 'variables'> {
  const problems: CelProblem[] = [];
  const variables = new Set<string>();
  const at = (expr: Expr, offset = 0): { line: number; column: number } =>
    lineColumn(source, (parsed.sourceInfo?.positions[String(expr.id)] ?? 0) + offset);
  const reported = new Set<string>();
  const unknownFunction = (name: string, position: { line: number; column: number }): void => {
    if (reported.has(`fn:${name}`)) return;
    reported.add(`fn:${name}`);
    problems.push({ kind: 'unknown', message: `unknown function \`${name}\``, hint: 'see the functions listed in docs/cel.md', ...position });
  };

  const walk = (expr: Expr | undefined, scope: ReadonlySet<string>): void => {
    if (!expr) return;
    const kind = expr.exprKind;
    switch (kind.case) {
      case 'identExpr': {
        const name = kind.value.name;
        if (!scope.has(name) && !CEL_TYPE_NAMES.has(name)) variables.add(name);
        return;
      }
      case 'selectExpr': {
        const qualified = qualifiedName(expr);
        if (qualified && !scope.has(qualified.split('.')[0]!) && isKnownType(qualified)) return;
        walk(kind.value.operand, scope);
        return;
      }
      case 'callExpr': {
        const call = kind.value;
        const known = CEL_BUILTIN_CALLS.has(call.function) || CEL_ENV.funcs.find(call.function) !== undefined;
        // `ns.fn(…)` on a name that is no variable is a call of the qualified function `ns.fn`.
        const target = call.target && qualifiedName(call.target);
        const namespaced = target !== undefined && !scope.has(target.split('.')[0]!) && !CEL_TYPE_NAMES.has(target);
        if (namespaced) {
          const qualified = `${target}.${call.function}`;
          const exists = CEL_ENV.funcs.find(qualified) !== undefined;
          if (exists || !known) {
            if (!exists) unknownFunction(qualified, at(call.target!));
            for (const arg of call.args) walk(arg, scope);
            return;
          }
        }
        const macro = MACROS[call.function];
        if (macro) {
          problems.push({ kind: 'syntax', message: `wrong use of the \`${call.function}\` macro`, hint: macro, ...at(expr, call.target ? 1 : 0) });
        } else if (!known) {
          // A method call is positioned at its dot; point at the name after it.
          unknownFunction(call.function, at(expr, call.target ? 1 : 0));
        }
        walk(call.target, scope);
        for (const arg of call.args) walk(arg, scope);
        return;
      }
      case 'constExpr': {
        const constant = kind.value.constantKind;
        if (constant.case === 'int64Value' && (constant.value < INT64_MIN || constant.value > INT64_MAX)) {
          problems.push({ kind: 'syntax', message: `integer literal ${constant.value} does not fit in an int (64 bits, ${INT64_MIN} to ${INT64_MAX})`, hint: 'write it as a double (`1e30`) or a string', ...at(expr) });
        } else if (constant.case === 'uint64Value' && constant.value > UINT64_MAX) {
          problems.push({ kind: 'syntax', message: `integer literal ${constant.value}u does not fit in a uint (64 bits, at most ${UINT64_MAX})`, hint: 'write it as a double (`1e30`) or a string', ...at(expr) });
        }
        return;
      }
      case 'listExpr':
        for (const element of kind.value.elements) walk(element, scope);
        return;
      case 'structExpr':
        if (kind.value.messageName && !isKnownType(kind.value.messageName)) {
          problems.push({ kind: 'unknown', message: `unknown message type \`${kind.value.messageName}\``, ...at(expr) });
        }
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') walk(entry.keyKind.value, scope);
          walk(entry.value, scope);
        }
        return;
      case 'comprehensionExpr': {
        const c = kind.value;
        walk(c.iterRange, scope);
        walk(c.accuInit, scope);
        const inner = new Set([...scope, c.iterVar, c.accuVar, ...(c.iterVar2 ? [c.iterVar2] : [])]);
        walk(c.loopCondition, inner);
        walk(c.loopStep, inner);
        walk(c.result, new Set([...scope, c.accuVar]));
        return;
      }
      default:
        return;
    }
  };
  walk(parsed.expr, new Set(['self']));
  return { problems, variables: [...variables] };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function sizeProblem(source: string): CelProblem | undefined {
  if (source.length <= CEL_MAX_SIZE) return undefined;
  return { kind: 'limit', limit: 'size', found: source.length, message: `the expression has ${source.length} characters, over the limit of ${CEL_MAX_SIZE}`, line: 1, column: 1 };
}

function depthLimit(source: string, offset: number, found: number): CelProblem {
  return { kind: 'limit', limit: 'depth', found, message: `the expression nests ${found} levels deep, over the limit of ${CEL_MAX_DEPTH}`, ...lineColumn(source, offset) };
}

/** A string literal of an expression: `body` is the text between its quotes. */
interface StringLiteral {
  readonly start: number;
  /** Index just past the closing quote (or the end of the line, or of the source, when it has none). */
  readonly end: number;
  readonly body: readonly [number, number];
  readonly raw: boolean;
}

/** The string literals of an expression, in order: `'…'`, `"…"`, triple-quoted and raw (`r"…"`) ones. */
function* stringLiterals(source: string): Generator<StringLiteral> {
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c !== '"' && c !== "'") continue;
    const raw = i > 0 && (source[i - 1] === 'r' || source[i - 1] === 'R');
    const close = source.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
    const start = i;
    let j = i + close.length;
    while (j < source.length && !source.startsWith(close, j) && !(close.length === 1 && source[j] === '\n')) j += source[j] === '\\' && !raw ? 2 : 1;
    const bodyEnd = Math.min(j, source.length);
    i = source.startsWith(close, j) ? j + close.length - 1 : j;
    yield { start, end: i + 1, body: [start + close.length, bodyEnd], raw };
  }
}

/**
 * Brackets nested past the limit, found before parsing: the parser recurses once per level and would
 * run out of stack. Brackets inside string literals do not count.
 */
function bracketProblem(source: string): CelProblem | undefined {
  const literals = stringLiterals(source);
  let next = literals.next();
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    if (!next.done && i === next.value.start) {
      i = next.value.end - 1;
      next = literals.next();
      continue;
    }
    const c = source[i];
    if (c === '(' || c === '[' || c === '{') {
      if (++depth > CEL_MAX_DEPTH) return depthLimit(source, i, depth);
    } else if (c === ')' || c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** The deepest point of the parsed tree, walked without recursion; a problem when it is past the limit. */
function depthProblem(source: string, parsed: ParsedExpr): CelProblem | undefined {
  const stack: Array<[Expr, number]> = parsed.expr ? [[parsed.expr, 1]] : [];
  while (stack.length > 0) {
    const [expr, depth] = stack.pop()!;
    if (depth > CEL_MAX_DEPTH) return depthLimit(source, parsed.sourceInfo?.positions[String(expr.id)] ?? 0, depth);
    for (const child of children(expr)) stack.push([child, depth + 1]);
  }
  return undefined;
}

function children(expr: Expr): Expr[] {
  const kind = expr.exprKind;
  const all: Array<Expr | undefined> = [];
  switch (kind.case) {
    case 'selectExpr':
      all.push(kind.value.operand);
      break;
    case 'callExpr':
      all.push(kind.value.target, ...kind.value.args);
      break;
    case 'listExpr':
      all.push(...kind.value.elements);
      break;
    case 'structExpr':
      for (const entry of kind.value.entries) all.push(entry.keyKind.case === 'mapKey' ? entry.keyKind.value : undefined, entry.value);
      break;
    case 'comprehensionExpr':
      all.push(kind.value.iterRange, kind.value.accuInit, kind.value.loopCondition, kind.value.loopStep, kind.value.result);
      break;
    default:
      break;
  }
  return all.filter((e): e is Expr => e !== undefined);
}

/** Escapes CEL string literals accept: `\n`, `\x41`, `\u0041`, `\U00000041`, octal `\101`. */
const ESCAPE = /\\(?:[abfnrtv\\'"`?]|x[\da-fA-F]{2}|u[\da-fA-F]{4}|U[\da-fA-F]{8}|[0-3][0-7]{2})/y;

/** The offset of the first malformed escape inside a (non-raw) string literal. */
function badEscape(source: string): number | undefined {
  for (const literal of stringLiterals(source)) {
    if (literal.raw) continue;
    const [from, to] = literal.body;
    for (let i = from; i < to; i++) {
      if (source[i] !== '\\') continue;
      ESCAPE.lastIndex = i;
      if (!ESCAPE.test(source)) return i;
      i = ESCAPE.lastIndex - 1;
    }
  }
  return undefined;
}

/** A parse failure as a located problem: the parser's syntax errors carry a location, other failures do not. */
function parseProblem(source: string, error: unknown): CelProblem {
  const e = error as SyntaxError;
  if (e.location) return syntaxProblem(e);
  const escape = badEscape(source);
  if (escape !== undefined) {
    const text = source.slice(escape, escape + 4);
    return { kind: 'syntax', message: `CEL syntax error: invalid escape \`${text}\` in a string`, hint: 'escapes are \\n \\t \\" \\\\, \\xHH, \\uHHHH, \\UHHHHHHHH or octal \\OOO; write a backslash as \\\\', ...lineColumn(source, escape) };
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) return depthLimit(source, 0, CEL_MAX_DEPTH + 1);
  return { kind: 'syntax', message: `CEL syntax error: ${e.message}`, line: 1, column: 1 };
}

function syntaxProblem(error: SyntaxError): CelProblem {
  const start = error.location?.start ?? { line: 1, column: 1 };
  let message = error.rawMessage ?? error.message;
  // The parser lists every token it could accept; past a few, "an expression" says the same.
  if ((error.expected?.length ?? 0) > 4) {
    message = `found ${error.found ? `\`${error.found}\`` : 'end of input'} but expecting an expression`;
  }
  return { kind: 'syntax', message: `CEL syntax error: ${message}`, line: start.line, column: start.column };
}

/** `a.b.c` for a chain of selections on an identifier; undefined for anything else. */
function qualifiedName(expr: Expr): string | undefined {
  const kind = expr.exprKind;
  if (kind.case === 'identExpr') return kind.value.name;
  if (kind.case !== 'selectExpr' || kind.value.testOnly || !kind.value.operand) return undefined;
  const operand = qualifiedName(kind.value.operand);
  return operand === undefined ? undefined : `${operand}.${kind.value.field}`;
}

/** Protobuf message types and enum values the environment knows (`google.protobuf.Timestamp`). */
function isKnownType(name: string): boolean {
  const registry = CEL_ENV.registry;
  const bare = name.startsWith('.') ? name.slice(1) : name;
  if (registry.getMessage(bare)) return true;
  const dot = bare.lastIndexOf('.');
  return dot > 0 && registry.getEnum(bare.slice(0, dot)) !== undefined;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
