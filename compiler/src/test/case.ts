import inject from 'light-my-request';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Program } from '@flowc/runtime/core/program';
import { isError } from '@flowc/runtime/core/packet';
import type { TestFailure } from '../api/types.ts';
import type { CaseSpec, Expectation } from './cases.ts';
import { contains, equal, show } from './match.ts';
import { CaseRecorder, celOf } from './recorder.ts';
import { startCase, type CaseRun } from './program.ts';
import { splitPort } from './bind.ts';
import type { GraphNode } from '../resolve/graph.ts';

/** What a case got back: an HTTP response, or the answer of the node it sent a packet to. */
type Outcome =
  | { readonly type: 'response'; readonly status: number; readonly headers: Record<string, string>; readonly body: unknown }
  | { readonly type: 'answer'; readonly payload: unknown };

export interface CaseOutcome {
  readonly failures: TestFailure[];
  readonly recorder: CaseRecorder;
}

/** Runs one case on its own start of the program and checks every expectation; never throws. */
export async function runCase(program: Program, test: CaseSpec, nodes: ReadonlyMap<string, GraphNode>, env: Readonly<Record<string, string | undefined>>, timeout: number): Promise<CaseOutcome> {
  const recorder = new CaseRecorder(test.mocks);
  let run: CaseRun | undefined;
  const failures: TestFailure[] = [];
  try {
    run = await startCase(program, recorder, { ...env, ...test.env }, test.values);
    const outcome = await within(timeout, drive(run, test, nodes));
    if (outcome === TIMED_OUT) failures.push({ message: `timed out: no answer within ${timeout} ms`, ...at(test.at) });
    else failures.push(...check(test, outcome, recorder, nodes, run.output.join('')));
  } catch (error) {
    failures.push({ message: `the case could not run: ${(error as Error).message}`, ...at(test.at) });
  } finally {
    if (run) await within(1000, run.running.stop().catch(() => undefined));
  }
  return { failures, recorder };
}

const TIMED_OUT = Symbol('timed out');

async function within<T>(ms: number, work: Promise<T>): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

async function drive(run: CaseRun, test: CaseSpec, nodes: ReadonlyMap<string, GraphNode>): Promise<Outcome> {
  if (test.send) {
    const payload = await run.running.send(test.send.node.value, test.send.port.value, test.send.payload);
    return { type: 'answer', payload };
  }
  const request = test.request!;
  const listeners = [...nodes.values()].filter((n) => n.kind.definition.kind === 'listener');
  const index = request.listener ? listeners.findIndex((l) => l.key === request.listener!.value) : 0;
  const handler = run.listeners[index];
  if (!handler) throw new Error(`listener \`${listeners[index]?.key ?? '?'}\` is not listening`);
  const headers: Record<string, string> = { ...request.headers };
  let payload: string | undefined;
  if (request.body !== undefined) {
    const json = typeof request.body !== 'string';
    payload = json ? JSON.stringify(request.body) : (request.body as string);
    if (json && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const response = await inject(
    (req: IncomingMessage, res: ServerResponse) => handler(req, res),
    { method: request.method as 'GET', url: request.path, headers, ...(payload !== undefined ? { payload } : {}) },
  );
  const responseHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  return { type: 'response', status: response.statusCode, headers: responseHeaders, body: decode(response.payload, responseHeaders['content-type']) };
}

function decode(text: string, type: string | undefined): unknown {
  if (type && /[/+]json\b/i.test(type) && text !== '') {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function at(position: { file: string; line: number; column: number }): Pick<TestFailure, 'file' | 'line' | 'column'> {
  return { file: position.file, line: position.line, column: position.column };
}

/** Every expectation that does not hold, and every mock whose calls are not as the case says. */
function check(test: CaseSpec, outcome: Outcome, recorder: CaseRecorder, nodes: ReadonlyMap<string, GraphNode>, output: string): TestFailure[] {
  const failures: TestFailure[] = [];
  const fail = (message: string, where: { file: string; line: number; column: number }, expected?: unknown, actual?: unknown): void => {
    failures.push({ message, ...(expected !== undefined ? { expected } : {}), ...(actual !== undefined ? { actual } : {}), ...at(where) });
  };
  const answer = outcome.type === 'answer' ? outcome.payload : undefined;
  const expectsError = test.expect.some((e) => e.type === 'error' || e.type === 'payload' || e.type === 'payloadContains' || e.type === 'cel');
  if (outcome.type === 'answer' && isError(answer) && !expectsError) fail(`\`${test.send!.node.value}\` answered an error: ${answer.message}`, test.at);
  for (const e of test.expect) {
    if (e.type === 'output' && !output.includes(e.value)) fail('the program did not write what is expected', e.at, e.value, output);
    else checkOne(e, outcome, recorder, nodes, fail);
  }
  checkNothingElse(test, recorder, fail);
  for (const mock of test.mocks.values()) {
    const calls = recorder.calls.get(mock.node) ?? [];
    if (mock.times && calls.length !== mock.times.value) fail(`mock \`${mock.node}\` was called ${calls.length} time(s), not ${mock.times.value}`, mock.times.at, mock.times.value, calls.length);
    if (mock.calledWith) {
      mock.calledWith.value.forEach((expected, i) => {
        if (i >= calls.length) fail(`mock \`${mock.node}\` was not called a ${ordinal(i + 1)} time`, mock.calledWith!.at, expected, undefined);
        else if (!contains(expected, plain(calls[i]))) fail(`mock \`${mock.node}\`: its ${ordinal(i + 1)} call received something else`, mock.calledWith!.at, expected, plain(calls[i]));
      });
    }
  }
  return failures;
}

type Fail = (message: string, where: { file: string; line: number; column: number }, expected?: unknown, actual?: unknown) => void;

function checkOne(e: Expectation, outcome: Outcome, recorder: CaseRecorder, nodes: ReadonlyMap<string, GraphNode>, fail: Fail): void {
  const response = outcome.type === 'response' ? outcome : undefined;
  const payload = outcome.type === 'answer' ? outcome.payload : undefined;
  switch (e.type) {
    case 'status':
      if (!response) return fail('`status` needs a `request`', e.at);
      if (response.status !== e.value) fail('status differs', e.at, e.value, response.status);
      return;
    case 'headers':
      if (!response) return fail('`headers` needs a `request`', e.at);
      for (const [name, value] of Object.entries(e.value)) {
        const got = response.headers[name.toLowerCase()];
        if (got !== value) fail(`header \`${name}\` differs`, e.at, value, got);
      }
      return;
    case 'body':
    case 'bodyContains':
      if (!response) return fail(`\`${e.type}\` needs a \`request\`; use \`payload\``, e.at);
      if (!(e.type === 'body' ? equal(e.value, response.body) : contains(e.value, response.body))) fail(e.type === 'body' ? 'body differs' : 'body does not contain what is expected', e.at, e.value, response.body);
      return;
    case 'payload':
    case 'payloadContains': {
      const actual = response ? response.body : plain(payload);
      if (!(e.type === 'payload' ? equal(e.value, actual) : contains(e.value, actual))) fail(e.type === 'payload' ? 'answer differs' : 'answer does not contain what is expected', e.at, e.value, actual);
      return;
    }
    case 'error': {
      const error = response ? (response.status >= 400 ? errorText(response.body) : undefined) : isError(payload) ? payload.message : undefined;
      if (error === undefined) fail('expected an error answer', e.at, e.value === true ? 'an error' : `an error containing ${JSON.stringify(e.value)}`, response ? response.status : plain(payload));
      else if (e.value !== true && !error.includes(e.value)) fail('the error says something else', e.at, e.value, error);
      return;
    }
    case 'cel': {
      const self = response ? { status: response.status, headers: response.headers, body: response.body } : isError(payload) ? { error: payload.message } : plain(payload);
      let result: unknown;
      try {
        result = celOf(e.source)(self);
      } catch (error) {
        return fail(`\`${e.source}\` failed: ${(error as Error).message}`, e.at, true, self);
      }
      if (result !== true) fail(`\`${e.source}\` is ${show(result)}`, e.at, true, self);
      return;
    }
    case 'fired':
    case 'notFired':
      for (const item of e.value) {
        const hit = firedAt(item.value, recorder, nodes);
        if (e.type === 'fired' && !hit) fail(`\`${item.value}\` did not fire`, item.at);
        if (e.type === 'notFired' && hit) fail(`\`${item.value}\` fired`, item.at);
      }
      return;
    case 'calls':
      for (const item of e.value) {
        const count = callsOf(item.value.node, recorder);
        if (count !== item.value.count) fail(`\`${item.value.node}\` was called ${count} time(s), not ${item.value.count}`, item.at, item.value.count, count);
      }
      return;
    case 'nothingElse':
    case 'output':
      // Checked in check(): with the mocks, with what the program wrote.
      return;
  }
}

/** `nothingElse`: a mocked node the case says nothing about (no `times`, `calledWith` or `calls`) was not called. */
function checkNothingElse(test: CaseSpec, recorder: CaseRecorder, fail: Fail): void {
  const rule = test.expect.find((e) => e.type === 'nothingElse');
  if (!rule) return;
  const listed = new Set(test.expect.flatMap((e) => (e.type === 'calls' ? e.value.map((c) => c.value.node) : [])));
  for (const [node, calls] of recorder.calls) {
    const mock = test.mocks.get(node);
    if (calls.length > 0 && !listed.has(node) && !mock?.times && !mock?.calledWith) fail(`\`${node}\` was called ${calls.length} time(s), and the case does not expect it`, rule.at, 0, calls.length);
  }
}

/** A mocked node counts its calls; any other node the packets it received. */
export function callsOf(node: string, recorder: CaseRecorder): number {
  return recorder.calls.get(node)?.length ?? recorder.received.get(node) ?? 0;
}

function firedAt(text: string, recorder: CaseRecorder, nodes: ReadonlyMap<string, GraphNode>): boolean {
  const { name, port } = splitPort(text, nodes);
  if (port === undefined) return (recorder.received.get(name) ?? 0) > 0 || [...recorder.fired].some((k) => k.startsWith(`${name} `));
  const indexed = nodes.get(name)?.outputs.get(port)?.indexed;
  return recorder.fired.has(`${name} ${indexed ? `${port}[0]` : port}`);
}

function errorText(body: unknown): string {
  if (body !== null && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') return (body as { error: string }).error;
  return typeof body === 'string' ? body : show(body);
}

/** A payload as plain data for comparing and reporting (bytes as text). */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return value;
}

function ordinal(n: number): string {
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}
