import { parse } from '@bufbuild/cel';
import type { Expr, ParsedExpr } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';
import { CEL_BUILTIN_CALLS, CEL_ENV, CEL_TYPE_NAMES } from './cel-env.ts';

/** A problem in a CEL expression; `line` and `column` are 1-based and point into the expression text. */
export interface CelProblem {
  readonly kind: 'syntax' | 'unknown';
  readonly message: string;
  readonly hint?: string;
  readonly line: number;
  readonly column: number;
}

export interface CelAnalysis {
  /** Present when the expression parses, even if it has `unknown` problems. */
  readonly parsed: ParsedExpr | undefined;
  readonly problems: readonly CelProblem[];
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
 * Parses an expression and checks every name in it: the only variable is `self` (plus the variables of
 * comprehension macros), and every function must exist in the flowc CEL environment.
 */
export function analyseCel(source: string): CelAnalysis {
  let parsed: ParsedExpr;
  try {
    parsed = parse(source);
  } catch (error) {
    return { parsed: undefined, problems: [syntaxProblem(error as SyntaxError)] };
  }
  const problems: CelProblem[] = [];
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
        if (scope.has(name) || CEL_TYPE_NAMES.has(name) || reported.has(`var:${name}`)) return;
        reported.add(`var:${name}`);
        problems.push({
          kind: 'unknown',
          message: `unknown variable \`${name}\``,
          hint: 'the input is `self`; a reduce action sees `self[0]` (accumulator), `self[1]` (input) and `self[2]` (index)',
          ...at(expr),
        });
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
  return { parsed, problems };
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
