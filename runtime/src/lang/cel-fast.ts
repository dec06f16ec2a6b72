import type { Expr } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';

/**
 * A direct evaluator for the CEL most conditions are written in — field selection and `has()` on the payload,
 * list indexes, string and boolean literals, `==`/`!=`, `in` a list literal, `startsWith`/`endsWith`/`contains`,
 * `!`, `&&`, `||` and `?:` — reading the payload where it is instead of converting it to CEL values first.
 *
 * It answers only when the answer is certain: a string, a boolean or null computed from operands of exactly the
 * types the operation expects. Anything else (a missing key, a number, another type, an object as the result) is
 * `UNSURE`, and the planned @bufbuild/cel program evaluates the expression as before, so results and errors are
 * CEL's own. Built once at start from the parsed expression; nothing is parsed or compiled from text.
 */
export const UNSURE: unique symbol = Symbol('unsure');

type Fast = (self: unknown) => unknown;

/** The direct evaluator of an expression, or undefined when it uses anything outside the subset. */
export function fastCel(expr: Expr | undefined): ((self: unknown) => string | boolean | null | typeof UNSURE) | undefined {
  const run = expr && compile(expr);
  if (!run) return undefined;
  return (self) => {
    const value = run(self);
    return typeof value === 'string' || typeof value === 'boolean' || value === null ? value : UNSURE;
  };
}

function compile(expr: Expr): Fast | undefined {
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'identExpr':
      return kind.value.name === 'self' ? (self) => self : undefined;
    case 'constExpr': {
      const constant = kind.value.constantKind;
      if (constant.case === 'stringValue' || constant.case === 'boolValue') {
        const value = constant.value;
        return () => value;
      }
      if (constant.case === 'nullValue') return () => null;
      return undefined;
    }
    case 'selectExpr': {
      const operand = kind.value.operand && compile(kind.value.operand);
      if (!operand) return undefined;
      const field = kind.value.field;
      if (kind.value.testOnly) {
        return (self) => {
          const target = operand(self);
          if (!isPlainMap(target)) return UNSURE;
          if (!Object.hasOwn(target, field)) return false;
          return target[field] === undefined ? UNSURE : true;
        };
      }
      return (self) => {
        const target = operand(self);
        if (!isPlainMap(target) || !Object.hasOwn(target, field)) return UNSURE;
        const value = target[field];
        return value === undefined ? UNSURE : value;
      };
    }
    case 'callExpr':
      return call(kind.value.function, kind.value.target, kind.value.args);
    default:
      return undefined;
  }
}

function call(name: string, target: Expr | undefined, argExprs: readonly Expr[]): Fast | undefined {
  // The second operand of these is a literal read here, not an expression to evaluate.
  if (target === undefined && name === '_[_]') return index(argExprs);
  if (target === undefined && name === '@in') return membership(argExprs);
  const args: Fast[] = [];
  for (const a of argExprs) {
    const compiled = compile(a);
    if (!compiled) return undefined;
    args.push(compiled);
  }
  if (target !== undefined) {
    const on = compile(target);
    const method = STRING_METHODS[name];
    if (!on || !method || args.length !== 1) return undefined;
    const [arg] = args as [Fast];
    return (self) => {
      const s = on(self);
      const x = arg(self);
      return typeof s === 'string' && typeof x === 'string' ? method(s, x) : UNSURE;
    };
  }
  switch (name) {
    case '_&&_':
      return logical(args, false);
    case '_||_':
      return logical(args, true);
    case '!_': {
      if (args.length !== 1) return undefined;
      const [x] = args as [Fast];
      return (self) => {
        const v = x(self);
        return typeof v === 'boolean' ? !v : UNSURE;
      };
    }
    case '_?_:_': {
      if (args.length !== 3) return undefined;
      const [c, yes, no] = args as [Fast, Fast, Fast];
      return (self) => {
        const v = c(self);
        return v === true ? yes(self) : v === false ? no(self) : UNSURE;
      };
    }
    case '_==_':
    case '_!=_': {
      if (args.length !== 2) return undefined;
      const [a, b] = args as [Fast, Fast];
      const negate = name === '_!=_';
      return (self) => {
        const x = a(self);
        const y = b(self);
        if (!isSimple(x) || !isSimple(y) || (x !== null && y !== null && typeof x !== typeof y)) return UNSURE;
        return (x === y) !== negate;
      };
    }
    default:
      return undefined;
  }
}

/** `&&` (stop at false) or `||` (stop at true): a decided operand decides; a non-boolean one makes it unsure. */
function logical(args: readonly Fast[], stopAt: boolean): Fast | undefined {
  if (args.length < 2) return undefined;
  return (self) => {
    for (const arg of args) {
      const v = arg(self);
      if (v === stopAt) return stopAt;
      if (v !== !stopAt) return UNSURE;
    }
    return !stopAt;
  };
}

/** `list[i]` with an integer literal, or `map["key"]` with a string literal. */
function index(exprs: readonly Expr[]): Fast | undefined {
  const on = exprs.length === 2 ? compile(exprs[0]!) : undefined;
  if (!on) return undefined;
  const key = exprs[1]!.exprKind;
  if (key.case !== 'constExpr') return undefined;
  const constant = key.value.constantKind;
  if (constant.case === 'int64Value') {
    const i = Number(constant.value);
    return (self) => {
      const list = on(self);
      if (!Array.isArray(list) || i < 0 || i >= list.length) return UNSURE;
      const value: unknown = list[i];
      return value === undefined ? UNSURE : value;
    };
  }
  if (constant.case === 'stringValue') {
    const field = constant.value;
    return (self) => {
      const map = on(self);
      if (!isPlainMap(map) || !Object.hasOwn(map, field)) return UNSURE;
      const value = map[field];
      return value === undefined ? UNSURE : value;
    };
  }
  return undefined;
}

/** `x in ["a", "b"]`: a string in a list literal of strings. */
function membership(exprs: readonly Expr[]): Fast | undefined {
  const x = exprs.length === 2 ? compile(exprs[0]!) : undefined;
  if (!x) return undefined;
  const list = exprs[1]!.exprKind;
  if (list.case !== 'listExpr' || list.value.optionalIndices.length > 0) return undefined;
  const values: string[] = [];
  for (const element of list.value.elements) {
    const k = element.exprKind;
    if (k.case !== 'constExpr' || k.value.constantKind.case !== 'stringValue') return undefined;
    values.push(k.value.constantKind.value);
  }
  const set = new Set(values);
  return (self) => {
    const v = x(self);
    return typeof v === 'string' ? set.has(v) : UNSURE;
  };
}

const STRING_METHODS: Record<string, (s: string, x: string) => boolean> = {
  startsWith: (s, x) => s.startsWith(x),
  endsWith: (s, x) => s.endsWith(x),
  contains: (s, x) => s.includes(x),
};

function isSimple(v: unknown): v is string | boolean | null {
  return typeof v === 'string' || typeof v === 'boolean' || v === null;
}

/** A payload map as CEL sees it: a plain object (the listener's request, parsed JSON), not a list, bytes or error. */
function isPlainMap(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
