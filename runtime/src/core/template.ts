import { sprintf } from './printf.ts';
/**
 * Evaluation of Go `text/template` strings (the subset uniflow specs use). Templates are parsed at build
 * time by the compiler (compiler/src/template/parse.ts) into the plain-data AST below, which is emitted
 * into the bundle as a literal; this module only evaluates it.
 *
 * Deliberate difference from Go: a missing key throws `MissingTemplateKeyError` instead of rendering
 * `<no value>`.
 */

/** Go's builtin functions that flowc supports (no extra function library, as in uniflow). */
export type TemplateFunction =
  | 'and' | 'or' | 'not' | 'len' | 'index' | 'print' | 'printf'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

export type TemplateExpr =
  /** `.` (empty path), `.A`, `.a.b`: always relative to the data root. */
  | { type: 'field'; path: string[] }
  /** String, number, bool or `nil` (null) literal. */
  | { type: 'literal'; value: string | number | boolean | null }
  | { type: 'call'; fn: TemplateFunction; args: TemplateExpr[] }
  /** A parenthesised pipeline. */
  | { type: 'pipe'; pipe: TemplatePipeline };

/**
 * Commands separated by `|`. Every command after the first is a `call`, which receives the previous
 * result as its last argument.
 */
export type TemplatePipeline = TemplateExpr[];

export type TemplateNode =
  | { type: 'text'; text: string }
  | { type: 'action'; pipe: TemplatePipeline }
  | { type: 'if'; pipe: TemplatePipeline; then: TemplateNode[]; else: TemplateNode[] };

export interface CompiledTemplate {
  source: string;
  nodes: TemplateNode[];
}

/** Any failure while rendering (bad argument types, incomparable values, …). */
export class TemplateExecError extends Error {
  override name = 'TemplateExecError';
}

/** A field or index that does not exist. `key` is the dotted path from the root (`PORT`, `mail.user`). */
export class MissingTemplateKeyError extends TemplateExecError {
  override name = 'MissingTemplateKeyError';
  readonly key: string;
  constructor(key: string, detail?: string) {
    super(`missing template key "${key}"${detail ? ` (${detail})` : ''}`);
    this.key = key;
  }
}

export function isTemplate(s: string): boolean {
  return s.includes('{{');
}

export function renderTemplate(t: CompiledTemplate, root: unknown): string {
  return renderNodes(t.nodes, root);
}

function renderNodes(nodes: readonly TemplateNode[], root: unknown): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.text;
    else if (node.type === 'action') out += formatValue(evalPipeline(node.pipe, root));
    else out += renderNodes(isTrue(evalPipeline(node.pipe, root)) ? node.then : node.else, root);
  }
  return out;
}

function evalPipeline(pipe: TemplatePipeline, root: unknown): unknown {
  let value: unknown;
  pipe.forEach((cmd, i) => {
    if (i === 0) value = evalExpr(cmd, root);
    else if (cmd.type === 'call') value = evalCall(cmd, root, [value]);
    else throw new TemplateExecError(`pipeline stage ${i + 1} is not a function call`);
  });
  return value;
}

function evalExpr(e: TemplateExpr, root: unknown): unknown {
  switch (e.type) {
    case 'field': return lookup(root, e.path);
    case 'literal': return e.value;
    case 'pipe': return evalPipeline(e.pipe, root);
    case 'call': return evalCall(e, root, []);
  }
}

type Dict = Record<string, unknown>;
const isMap = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

function lookup(root: unknown, path: readonly string[]): unknown {
  let cur = root;
  path.forEach((name, i) => {
    const key = path.slice(0, i + 1).join('.');
    if (!isMap(cur)) throw new MissingTemplateKeyError(key, `${path.slice(0, i).join('.') || '.'} is ${describe(cur)}`);
    cur = getKey(cur, name, key);
  });
  return cur;
}

function getKey(m: Dict, name: string, key: string): unknown {
  const v = Object.hasOwn(m, name) ? m[name] : undefined;
  if (v === undefined) throw new MissingTemplateKeyError(key);
  return v;
}

function evalCall(c: Extract<TemplateExpr, { type: 'call' }>, root: unknown, piped: unknown[]): unknown {
  if (c.fn === 'and' || c.fn === 'or') {
    // Short-circuit like Go ≥ 1.18: the first empty (and) / non-empty (or) argument, or the last one.
    const thunks = [...c.args.map((a) => () => evalExpr(a, root)), ...piped.map((v) => () => v)];
    let v: unknown;
    for (const thunk of thunks) {
      v = thunk();
      if (isTrue(v) === (c.fn === 'or')) return v;
    }
    return v;
  }
  const args = [...c.args.map((a) => evalExpr(a, root)), ...piped];
  const [a, b] = args;
  switch (c.fn) {
    case 'not': return !isTrue(a);
    case 'len': return len(a);
    case 'index': {
      const recv = c.args[0];
      return index(a, args.slice(1), recv?.type === 'field' ? recv.path.join('.') : '');
    }
    case 'print': return sprint(args);
    case 'printf':
      if (typeof a !== 'string') throw new TemplateExecError(`printf: format must be a string, got ${describe(a)}`);
      return sprintf(a, args.slice(1));
    case 'eq': return eq(a, args.slice(1));
    case 'ne': return !eq(a, [b]);
    case 'lt': return lt(a, b);
    case 'le': return lt(a, b) || eq(a, [b]);
    case 'gt': return !(lt(a, b) || eq(a, [b]));
    case 'ge': return !lt(a, b);
  }
}

/** Go truthiness: false, 0, "", nil and empty lists/maps are false. */
function isTrue(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string' || Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function len(v: unknown): number {
  if (typeof v === 'string') return utf8(v).length; // bytes, as in Go
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  throw new TemplateExecError(`len of ${describe(v)}`);
}

function index(item: unknown, keys: readonly unknown[], path: string): unknown {
  let cur = item;
  for (const k of keys) {
    path = path ? `${path}.${String(k)}` : String(k);
    if (isMap(cur)) {
      if (typeof k !== 'string' && typeof k !== 'number') throw new TemplateExecError(`index: map key must be a string, got ${describe(k)}`);
      cur = getKey(cur, String(k), path);
    } else if (Array.isArray(cur) || typeof cur === 'string') {
      const list = typeof cur === 'string' ? Array.from(utf8(cur)) : cur;
      if (typeof k !== 'number' || !Number.isInteger(k)) throw new TemplateExecError(`index: cannot index a list with ${describe(k)}`);
      if (k < 0 || k >= list.length) throw new MissingTemplateKeyError(path, `index out of range: ${k}`);
      cur = list[k];
    } else {
      throw new TemplateExecError(`index: cannot index ${describe(cur)}`);
    }
  }
  return cur;
}

type Kind = 'string' | 'number' | 'bool' | 'nil' | 'other';
function kindOf(v: unknown): Kind {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'other';
}

function eq(a: unknown, others: readonly unknown[]): boolean {
  const ka = kindOf(a);
  return others.some((b) => {
    const kb = kindOf(b);
    if (ka !== kb) {
      if (ka === 'nil' || kb === 'nil') return false;
      throw new TemplateExecError(`incompatible types for comparison: ${describe(a)} and ${describe(b)}`);
    }
    if (ka === 'other') throw new TemplateExecError(`non-comparable type: ${describe(a)}`);
    return ka === 'nil' || a === b;
  });
}

function lt(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  if (ka !== kindOf(b)) throw new TemplateExecError(`incompatible types for comparison: ${describe(a)} and ${describe(b)}`);
  if (ka !== 'string' && ka !== 'number') throw new TemplateExecError(`invalid type for comparison: ${describe(a)}`);
  return (a as string | number) < (b as string | number);
}

// ---- printing (Go's fmt for the values a YAML/JSON document can hold) ----

/** Go type name of a value, as fmt shows it in `%!d(string=x)`. JS integers are Go ints. */
function typeName(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (isMap(v)) return 'map[string]interface {}';
  return typeof v;
}

function describe(v: unknown): string {
  return v === null || v === undefined ? 'nil' : `a value of type ${typeName(v)}`;
}

/** `%v`: strings as is, `[a b]` for lists, `map[k:v]` (sorted keys) for maps, `<nil>` for null. */
export function formatValue(v: unknown): string {
  return sprintf('%v', [v]);
}

function sprint(args: readonly unknown[]): string {
  // fmt.Sprint: a space between operands when neither is a string.
  return args
    .map((a, i) => (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string' ? ' ' : '') + formatValue(a))
    .join('');
}
