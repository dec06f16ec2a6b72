import { dirname, join, relative, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { Value } from '@flowc/runtime/core/binding';
import { parseDuration } from '@flowc/runtime/core/duration';
import { analyseCel } from '@flowc/runtime/lang/cel-check';
import type { Diagnostics, Position } from '../diagnostics/diagnostic.ts';
import { expressionProblem, testInvalid } from '../diagnostics/messages.ts';
import { parseResources, type LocatedResource, type Path } from '../parse/document.ts';
import type { SourceFile } from '../sources/inputs.ts';

/** How a mocked node answers, and what the case expects of its calls. */
export interface MockSpec {
  readonly node: string;
  readonly at: Position;
  /** One of: a fixed answer, one answer per call (the last repeats), an error, a CEL or JS function of the input. */
  readonly answer:
    | { readonly type: 'value'; readonly value: unknown }
    | { readonly type: 'values'; readonly values: readonly unknown[] }
    | { readonly type: 'error'; readonly message: string }
    | { readonly type: 'cel'; readonly source: string }
    | { readonly type: 'js'; readonly fn: (input: unknown, call: number) => unknown };
  readonly times?: Located<number>;
  readonly calledWith?: Located<readonly unknown[]>;
}

export interface Located<T> {
  readonly value: T;
  readonly at: Position;
}

/** An HTTP request sent into a listener, without a socket. */
export interface RequestSpec {
  readonly listener?: Located<string>;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** A packet delivered to a node's in-port. */
export interface SendSpec {
  readonly node: Located<string>;
  readonly port: Located<string>;
  readonly payload: unknown;
}

export type Expectation =
  | { readonly type: 'status'; readonly value: number; readonly at: Position }
  | { readonly type: 'headers'; readonly value: Readonly<Record<string, string>>; readonly at: Position }
  | { readonly type: 'body' | 'payload'; readonly value: unknown; readonly at: Position }
  | { readonly type: 'bodyContains' | 'payloadContains'; readonly value: unknown; readonly at: Position }
  | { readonly type: 'error'; readonly value: string | true; readonly at: Position }
  | { readonly type: 'cel'; readonly source: string; readonly at: Position }
  | { readonly type: 'fired' | 'notFired'; readonly value: ReadonlyArray<Located<string>>; readonly at: Position }
  | { readonly type: 'calls'; readonly value: ReadonlyArray<Located<{ readonly node: string; readonly count: number }>>; readonly at: Position }
  | { readonly type: 'nothingElse'; readonly at: Position }
  | { readonly type: 'output'; readonly value: string; readonly at: Position };

export interface CaseSpec {
  readonly name: string;
  readonly file: string;
  readonly at: Position;
  readonly request?: RequestSpec;
  readonly send?: SendSpec;
  readonly env: Readonly<Record<string, string>>;
  readonly values: readonly Value[];
  /** The file's mocks with the case's own on top, by node. */
  readonly mocks: ReadonlyMap<string, MockSpec>;
  readonly timeout?: number;
  readonly expect: readonly Expectation[];
}

/** One `*.test.yaml`: the specs its cases run against, and the cases. */
export interface Suite {
  readonly file: string;
  /** Spec files (relative to the working directory) the cases run against. */
  readonly specs: readonly string[];
  /** The namespace of those specs the cases run in (default: the run's, `--namespace`). */
  readonly namespace?: string;
  readonly cases: readonly CaseSpec[];
}

const FILE_FIELDS = ['specs', 'namespace', 'env', 'values', 'mocks', 'timeout', 'cases'];
const CASE_FIELDS = ['name', 'request', 'send', 'env', 'values', 'mocks', 'timeout', 'expect'];
const EXPECT_FIELDS = ['status', 'headers', 'body', 'bodyContains', 'payload', 'payloadContains', 'error', 'cel', 'fired', 'notFired', 'calls', 'nothingElse', 'output'];
const MOCK_FIELDS = ['answer', 'answers', 'error', 'cel', 'js', 'times', 'calledWith'];
const MOCK_ANSWERS = ['answer', 'answers', 'error', 'cel', 'js'];
const FORMAT_HINT = 'see docs/testing.md for the shape of a case file';

/** Reads a case file into a suite; every problem is a located TEST_INVALID (or CEL) diagnostic. */
export function readSuite(source: SourceFile, cwd: string, diagnostics: Diagnostics): Suite | undefined {
  const resources = parseResources(source, diagnostics);
  const resource = resources[0];
  if (!resource || resources.length > 1 || !Array.isArray(resource.data.cases)) {
    diagnostics.report(testInvalid(`\`${source.file}\` is not a case file: it must be one map with a \`cases\` list`, FORMAT_HINT), { at: { file: source.file, line: 1, column: 1 } });
    return undefined;
  }
  const reader = new Reader(resource, diagnostics);
  const data = resource.data;
  reader.known([], data, FILE_FIELDS);
  const specs = readSpecs(reader, source.file, cwd);
  const namespace = reader.name(['namespace']);
  const env = reader.stringMap(['env']);
  const values = reader.values(['values']);
  const mocks = reader.mocks(['mocks']);
  const timeout = reader.duration(['timeout']);
  const cases: CaseSpec[] = [];
  (data.cases as unknown[]).forEach((_, index) => {
    const test = reader.testCase(['cases', index], { env, values, mocks, timeout });
    if (test) cases.push(test);
  });
  return { file: source.file, specs, ...(namespace !== undefined ? { namespace } : {}), cases };
}

/** `specs:` (relative to the case file), or else the spec file beside it with the same base name, or else its folder. */
function readSpecs(reader: Reader, file: string, cwd: string): string[] {
  const dir = dirname(file);
  const listed = reader.get(['specs']);
  if (listed !== undefined) {
    if (!Array.isArray(listed) || !listed.every((s) => typeof s === 'string')) {
      reader.problem(['specs'], '`specs` must be a list of spec files or folders (relative to the case file)');
      return [];
    }
    return listed.map((s) => join(dir, s as string));
  }
  const base = file.replace(/\.test\.(ya?ml|json)$/i, '');
  for (const ext of ['.yaml', '.yml', '.json']) if (existsSync(resolve(cwd, base + ext))) return [base + ext];
  return [relative(cwd, resolve(cwd, dir)) || '.'];
}

type Defaults = { env: Record<string, string>; values: Value[]; mocks: Map<string, MockSpec>; timeout: number | undefined };

/** Reads fields at paths of one resource, reporting every wrong shape where it was written. */
class Reader {
  constructor(
    private readonly resource: LocatedResource,
    private readonly diagnostics: Diagnostics,
  ) {}

  get(path: Path): unknown {
    let value: unknown = this.resource.data;
    for (const step of path) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string | number, unknown>)[step];
    }
    return value;
  }

  at(path: Path): Position {
    return this.resource.locate(path);
  }

  problem(path: Path, message: string, hint = FORMAT_HINT): void {
    this.diagnostics.report(testInvalid(message, hint), { at: this.resource.locateKey(path) });
  }

  known(path: Path, map: Record<string, unknown>, fields: readonly string[]): void {
    for (const key of Object.keys(map)) {
      if (!fields.includes(key)) this.problem([...path, key], `unknown field \`${key}\``, `known fields: ${fields.join(', ')}`);
    }
  }

  map(path: Path): Record<string, unknown> | undefined {
    const value = this.get(path);
    if (value === undefined) return undefined;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.problem(path, `\`${path.at(-1)}\` must be a map`);
      return undefined;
    }
    return value as Record<string, unknown>;
  }

  /** A non-empty string (a namespace), when given. */
  name(path: Path): string | undefined {
    const value = this.get(path);
    if (value === undefined) return undefined;
    if (typeof value === 'string' && value !== '') return value;
    this.problem(path, `\`${path.at(-1)}\` must be a namespace name (text)`);
    return undefined;
  }

  stringMap(path: Path): Record<string, string> {
    const map = this.map(path) ?? {};
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(map)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
      else this.problem([...path, key], `\`${key}\` must be a string`);
    }
    return out;
  }

  duration(path: Path): number | undefined {
    const value = this.get(path);
    if (value === undefined) return undefined;
    try {
      return parseDuration(value);
    } catch (error) {
      this.problem(path, `\`${path.at(-1)}\`: ${(error as Error).message}`, 'a duration: `500ms`, `2s`, or milliseconds');
      return undefined;
    }
  }

  values(path: Path): Value[] {
    const value = this.get(path);
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every((v) => v !== null && typeof v === 'object' && 'data' in v)) {
      this.problem(path, '`values` must be a list of values (`{ name, data }`)');
      return [];
    }
    return value as Value[];
  }

  mocks(path: Path): Map<string, MockSpec> {
    const map = this.map(path) ?? {};
    const mocks = new Map<string, MockSpec>();
    for (const node of Object.keys(map)) {
      const mock = this.mock([...path, node], node);
      if (mock) mocks.set(node, mock);
    }
    return mocks;
  }

  private mock(path: Path, node: string): MockSpec | undefined {
    const spec = this.map(path);
    if (!spec) {
      if (this.get(path) === undefined || this.get(path) === null) this.problem(path, `mock \`${node}\` must be a map: \`answer\`, \`answers\`, \`error\`, \`cel\` or \`js\``);
      return undefined;
    }
    this.known(path, spec, MOCK_FIELDS);
    const given = MOCK_ANSWERS.filter((k) => k in spec);
    if (given.length > 1) {
      this.problem([...path, given[1]!], `mock \`${node}\` has both \`${given[0]}\` and \`${given[1]}\``, 'a mock answers in one way: `answer`, `answers`, `error`, `cel` or `js`');
      return undefined;
    }
    const at = this.resource.locateKey(path);
    const answer = this.mockAnswer(path, node, spec, given[0]);
    if (!answer) return undefined;
    const times = spec.times;
    if (times !== undefined && !(typeof times === 'number' && Number.isInteger(times) && times >= 0)) this.problem([...path, 'times'], '`times` must be a whole number of calls');
    const calledWith = spec.calledWith;
    if (calledWith !== undefined && !Array.isArray(calledWith)) this.problem([...path, 'calledWith'], '`calledWith` must be a list: what each call receives (a subset)');
    return {
      node,
      at,
      answer,
      ...(typeof times === 'number' ? { times: { value: times, at: this.at([...path, 'times']) } } : {}),
      ...(Array.isArray(calledWith) ? { calledWith: { value: calledWith, at: this.at([...path, 'calledWith']) } } : {}),
    };
  }

  private mockAnswer(path: Path, node: string, spec: Record<string, unknown>, how: string | undefined): MockSpec['answer'] | undefined {
    switch (how) {
      case undefined:
        return { type: 'value', value: null };
      case 'answer':
        return { type: 'value', value: spec.answer };
      case 'answers':
        if (!Array.isArray(spec.answers) || spec.answers.length === 0) {
          this.problem([...path, 'answers'], '`answers` must be a non-empty list: the answer of each call in turn (the last one repeats)');
          return undefined;
        }
        return { type: 'values', values: spec.answers };
      case 'error':
        if (typeof spec.error !== 'string') {
          this.problem([...path, 'error'], '`error` must be the message of the error the mock answers');
          return undefined;
        }
        return { type: 'error', message: spec.error };
      case 'cel':
        return this.cel([...path, 'cel']) ? { type: 'cel', source: spec.cel as string } : undefined;
      default: {
        if (typeof spec.js !== 'string') {
          this.problem([...path, 'js'], '`js` must be a function as text: `(input, call) => …`');
          return undefined;
        }
        try {
          // The function is the test author's own code, run by their own runner, like a test file's JS.
          const fn = new Function(`return (${spec.js});`)() as unknown;
          if (typeof fn !== 'function') throw new SyntaxError('it is not a function');
          return { type: 'js', fn: fn as (input: unknown, call: number) => unknown };
        } catch (error) {
          this.problem([...path, 'js'], `mock \`${node}\`: \`js\` does not compile: ${(error as Error).message}`, 'write a function: `(input, call) => ({ ok: true })`');
          return undefined;
        }
      }
    }
  }

  /** A CEL expression at `path`, checked now: problems are reported inside the string. */
  cel(path: Path): boolean {
    const source = this.get(path);
    if (typeof source !== 'string' || source.trim() === '') {
      this.problem(path, `\`${path.at(-1)}\` must be a CEL expression`);
      return false;
    }
    const { problems } = analyseCel(source);
    for (const problem of problems) this.diagnostics.report(expressionProblem(problem), { at: this.resource.locateInString(path, problem.line, problem.column) });
    return problems.length === 0;
  }

  testCase(path: Path, defaults: Defaults): CaseSpec | undefined {
    const spec = this.map(path);
    if (!spec) return undefined;
    this.known(path, spec, CASE_FIELDS);
    const name = spec.name;
    if (typeof name !== 'string' || name === '') this.problem(path, 'a case needs a `name`');
    const request = spec.request === undefined ? undefined : this.request([...path, 'request']);
    const send = spec.send === undefined ? undefined : this.send([...path, 'send']);
    if (spec.request !== undefined && spec.send !== undefined) this.problem([...path, 'send'], 'a case sends a `request` or a packet (`send`), not both');
    if (spec.request === undefined && spec.send === undefined) this.problem(path, `case \`${String(name)}\` sends nothing`, 'give it a `request` (into a listener) or `send` (a packet into a node)');
    const mocks = new Map(defaults.mocks);
    for (const [node, mock] of this.mocks([...path, 'mocks'])) mocks.set(node, mock);
    return {
      name: typeof name === 'string' ? name : `case ${String(path.at(-1))}`,
      file: this.resource.file,
      at: this.resource.locate(path),
      ...(request ? { request } : {}),
      ...(send ? { send } : {}),
      env: { ...defaults.env, ...this.stringMap([...path, 'env']) },
      values: [...defaults.values, ...this.values([...path, 'values'])],
      mocks,
      ...((this.duration([...path, 'timeout']) ?? defaults.timeout) !== undefined ? { timeout: this.duration([...path, 'timeout']) ?? defaults.timeout } : {}),
      expect: this.expectations([...path, 'expect']),
    };
  }

  private request(path: Path): RequestSpec | undefined {
    const spec = this.map(path);
    if (!spec) return undefined;
    this.known(path, spec, ['listener', 'method', 'path', 'headers', 'body']);
    if (typeof spec.path !== 'string' || !spec.path.startsWith('/')) this.problem([...path, 'path'], 'a request needs a `path` starting with `/` (a query string may follow)');
    if (spec.method !== undefined && typeof spec.method !== 'string') this.problem([...path, 'method'], '`method` must be an HTTP method');
    return {
      ...(typeof spec.listener === 'string' ? { listener: { value: spec.listener, at: this.at([...path, 'listener']) } } : {}),
      method: typeof spec.method === 'string' ? spec.method.toUpperCase() : 'GET',
      path: typeof spec.path === 'string' ? spec.path : '/',
      headers: this.stringMap([...path, 'headers']),
      ...(spec.body !== undefined ? { body: spec.body } : {}),
    };
  }

  private send(path: Path): SendSpec | undefined {
    const spec = this.map(path);
    if (!spec) return undefined;
    this.known(path, spec, ['node', 'port', 'payload']);
    if (typeof spec.node !== 'string') {
      this.problem(path, '`send` needs the `node` to deliver the packet to');
      return undefined;
    }
    const port = typeof spec.port === 'string' ? spec.port : 'in';
    return { node: { value: spec.node, at: this.at([...path, 'node']) }, port: { value: port, at: this.at([...path, spec.port === undefined ? 'node' : 'port']) }, payload: spec.payload ?? null };
  }

  private expectations(path: Path): Expectation[] {
    const spec = this.map(path) ?? {};
    this.known(path, spec, EXPECT_FIELDS);
    const out: Expectation[] = [];
    for (const [key, value] of Object.entries(spec)) {
      const at = this.at([...path, key]);
      switch (key) {
        case 'status':
          if (typeof value === 'number' && Number.isInteger(value)) out.push({ type: 'status', value, at });
          else this.problem([...path, key], '`status` must be an HTTP status code');
          break;
        case 'headers':
          out.push({ type: 'headers', value: this.stringMap([...path, key]), at });
          break;
        case 'body':
        case 'payload':
        case 'bodyContains':
        case 'payloadContains':
          out.push({ type: key, value, at });
          break;
        case 'error':
          if (value === true || typeof value === 'string') out.push({ type: 'error', value, at });
          else this.problem([...path, key], '`error` must be `true` or a text the error message contains');
          break;
        case 'cel':
          if (this.cel([...path, key])) out.push({ type: 'cel', source: value as string, at });
          break;
        case 'fired':
        case 'notFired':
          if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out.push({ type: key, value: value.map((v, i) => ({ value: v as string, at: this.at([...path, key, i]) })), at });
          else this.problem([...path, key], `\`${key}\` must be a list of \`node\` or \`node.port\``);
          break;
        case 'calls': {
          const calls = this.map([...path, key]) ?? {};
          const list: Array<Located<{ node: string; count: number }>> = [];
          for (const [node, count] of Object.entries(calls)) {
            if (typeof count === 'number' && Number.isInteger(count) && count >= 0) list.push({ value: { node, count }, at: this.at([...path, key, node]) });
            else this.problem([...path, key, node], `\`calls.${node}\` must be a whole number of calls`);
          }
          out.push({ type: 'calls', value: list, at });
          break;
        }
        case 'output':
          if (typeof value === 'string') out.push({ type: 'output', value, at });
          else this.problem([...path, key], '`output` must be a text the program writes (print) during the case');
          break;
        case 'nothingElse':
          if (value === true) out.push({ type: 'nothingElse', at });
          else if (value !== false) this.problem([...path, key], '`nothingElse` must be `true` or `false`');
          break;
      }
    }
    return out;
  }
}
