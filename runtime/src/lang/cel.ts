import { isCelError, isCelList, isCelMap, isCelType, isCelUint, plan, type CelInput, type CelList, type CelValue } from '@bufbuild/cel';
import { fromBinary, toBinary, toJson } from '@bufbuild/protobuf';
import { isReflectMessage, type ReflectMessage } from '@bufbuild/protobuf/reflect';
import { ParsedExprSchema, type ParsedExpr } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';
import type { FieldPath } from '../core/kind.ts';
import { FlowError, NONE } from '../core/packet.ts';
import { CEL_ENV } from './cel-env.ts';
import { analyseCel, checkNames } from './cel-check.ts';
import { celModuleKey, type CelModule } from './cel-module.ts';
import { fastCel, UNSURE } from './cel-fast.ts';

export { celModuleKey, type CelModule } from './cel-module.ts';

/** Evaluates a planned expression with `self` bound to a payload; throws a FlowError when evaluation fails. */
export type CelProgram<T> = (self: unknown) => T;

export interface CelOptions {
  /**
   * Milliseconds. Evaluation is synchronous and cannot be interrupted, so an evaluation that took
   * longer is turned into an error after the fact instead of its result.
   */
  readonly timeout?: number;
}

/** The parsed form of an expression as the compiler emits it (`CelModule.parsed`): protobuf binary, base64. */
export function encodeCel(parsed: ParsedExpr): string {
  return Buffer.from(toBinary(ParsedExprSchema, parsed)).toString('base64');
}

/** Plans the expression at `path` once; each call evaluates it and returns a plain JS value. */
export function celProgram(source: string, modules: Readonly<Record<string, unknown>>, path: FieldPath, options: CelOptions = {}): CelProgram<unknown> {
  const run = planned(source, modules, path, options);
  return (self) => fromCel(run(self));
}

/** Plans a condition once; each call evaluates it and returns its truthiness (see `truthy`). */
export function celPredicate(source: string, modules: Readonly<Record<string, unknown>>, path: FieldPath, options: CelOptions = {}): CelProgram<boolean> {
  const run = planned(source, modules, path, options);
  return (self) => truthyCel(run(self));
}

/** Truthiness of if/switch: `false`, `0`, `""` and `null` are false; anything else, empty lists and maps included, is true. */
export function truthy(value: unknown): boolean {
  return !(value === false || value === null || value === undefined || value === 0 || value === 0n || value === '');
}

function truthyCel(value: CelValue): boolean {
  return isCelUint(value) ? value.value !== 0n : truthy(value);
}

/**
 * Plans of the expressions parsed at build time, by their module: a program started again (a test
 * case, a hot swap of an unchanged node) plans each expression once. A plan holds no state.
 */
const plans = new WeakMap<CelModule, Prepared>();

type Prepared = ReturnType<typeof prepare>;

function prepare({ parsed, variables }: Planned) {
  return {
    run: plan(CEL_ENV, parsed),
    activation: variables.length === 0 ? (self: unknown) => ({ self: celInput(self) }) : withInputKeys(variables),
    // Most conditions read a few payload fields: answered directly where that is certain, by CEL otherwise.
    // An expression reading input keys as variables (uniflow's form) always goes to CEL.
    fast: variables.length === 0 ? fastCel(parsed.expr) : undefined,
  };
}

function planned(source: string, modules: Readonly<Record<string, unknown>>, path: FieldPath, options: CelOptions): CelProgram<CelValue> {
  const module = modules[celModuleKey(path)] as CelModule | undefined;
  const encoded = module?.parsed;
  const cached = module && encoded !== undefined ? plans.get(module) : undefined;
  const prepared = cached ?? prepare(encoded === undefined ? parseAtStart(source, path) : fromEncoded(source, encoded));
  if (!cached && module && encoded !== undefined) plans.set(module, prepared);
  const { run, activation, fast } = prepared;
  const evaluate: CelProgram<CelValue> = (self) => {
    if (fast) {
      const answer = fast(self);
      if (answer !== UNSURE) return answer;
    }
    const result = run(activation(self));
    if (isCelError(result)) throw new FlowError(result.message, { cause: result });
    return result;
  };
  const timeout = options.timeout ?? 0;
  if (timeout <= 0) return evaluate;
  return (self) => {
    const started = performance.now();
    const result = evaluate(self);
    if (performance.now() - started > timeout) throw new FlowError(`expression timed out after ${timeout}ms`);
    return result;
  };
}

interface Planned {
  readonly parsed: ParsedExpr;
  readonly variables: readonly string[];
}

function fromEncoded(source: string, encoded: string): Planned {
  const parsed = fromBinary(ParsedExprSchema, Buffer.from(encoded, 'base64'));
  return { parsed, variables: checkNames(source, parsed).variables };
}

/**
 * uniflow's form: besides `self`, an expression reads the keys of a map input as variables. Only the
 * names the expression uses are bound; one the input lacks is an evaluation error naming it.
 */
function withInputKeys(variables: readonly string[]): (self: unknown) => { self: CelInput } & Record<string, CelInput> {
  return (self) => {
    const bound: { self: CelInput } & Record<string, CelInput> = { self: celInput(self) };
    const map = self !== null && typeof self === 'object' && !Array.isArray(self) && !(self instanceof Uint8Array) && !(self instanceof Error) ? (self as Record<string, unknown>) : undefined;
    for (const name of variables) {
      if (map === undefined || !Object.hasOwn(map, name)) {
        throw new FlowError(`unknown variable \`${name}\`: ${map === undefined ? 'the input is not a map' : `the input has no key \`${name}\``} (the input itself is \`self\`)`);
      }
      bound[name] = celInput(map[name]);
    }
    return bound;
  };
}

/** Expressions holding a template were rendered at start, so they are parsed and checked only now. */
function parseAtStart(source: string, path: FieldPath): Planned {
  const { parsed, problems, variables } = analyseCel(source);
  const first = problems[0];
  if (first) throw new Error(`field \`${path.join('.')}\`: ${first.message} at ${first.line}:${first.column} of the rendered expression`);
  return { parsed: parsed!, variables };
}

/** Payloads are plain JS values; the few CEL cannot take (an error, NONE) are given in a form it can. */
export function celInput(value: unknown): CelInput {
  if (value instanceof Error) return value.message;
  if (value === undefined || value === NONE) return null;
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === null) return { ...value } as CelInput;
  return value as CelInput;
}

/** CEL values back to payloads: ints become numbers when exact, maps plain objects, lists arrays. */
export function fromCel(value: CelValue): unknown {
  switch (typeof value) {
    case 'bigint':
      return integer(value);
    case 'object':
      if (value === null || value instanceof Uint8Array) return value;
      if (isCelUint(value)) return integer(value.value);
      if (isCelList(value)) return listFromCel(value);
      if (isCelMap(value)) {
        const out: Record<string, unknown> = {};
        for (const [key, item] of value) out[String(isCelUint(key) ? key.value : key)] = fromCel(item);
        return out;
      }
      if (isCelType(value)) return value.name;
      if (isReflectMessage(value)) return message(value);
      return value;
    default:
      return value;
  }
}

/** Arrays fromCel made: their elements are payloads already, so a CEL list over one converts by copying it. */
const converted = new WeakSet<readonly unknown[]>();

function listFromCel(list: CelList): unknown[] {
  const segments: unknown[][] = [];
  collectSegments(list, segments);
  // Array.prototype.concat copies whole arrays natively; one segment is copied with slice.
  const out = segments.length === 1 ? segments[0]!.slice() : segments.length <= 1024 ? ([] as unknown[]).concat(...segments) : segments.flat();
  converted.add(out);
  return out;
}

/**
 * Collects a CEL list's elements as payloads, in runs. `a + b` is a lazy concatenation of its operands, and
 * a list that came from a payload wraps the payload's own array: both are read through @bufbuild/cel's
 * fields (`_lists`, `_array`) when they are there, so that a fold such as `self[0] + [self[1]]` copies its
 * accumulator once per input (one native array copy) instead of converting every element again through
 * generators, which made a 4,000-element fold take seconds. Without those fields the list is iterated.
 */
function collectSegments(list: CelList, segments: unknown[][]): void {
  const parts = (list as { _lists?: unknown })._lists;
  if (Array.isArray(parts) && parts.every(isCelList)) {
    for (const part of parts as CelList[]) collectSegments(part, segments);
    return;
  }
  const array = (list as { _array?: unknown })._array;
  if (Array.isArray(array) && converted.has(array)) {
    segments.push(array);
    return;
  }
  segments.push(Array.from(list, fromCel));
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Beyond 2^53 a number would lose digits; the bigint is kept (the JSON encoder writes it exactly). */
function integer(value: bigint): number | bigint {
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
}

/** Timestamps become epoch milliseconds and durations milliseconds, as everywhere in payloads. */
function message(value: ReflectMessage): unknown {
  const name = value.desc.typeName;
  if (name === 'google.protobuf.Timestamp' || name === 'google.protobuf.Duration') {
    const { seconds, nanos } = value.message as unknown as { seconds: bigint; nanos: number };
    return Number(seconds) * 1000 + nanos / 1e6;
  }
  return toJson(value.desc, value.message);
}
