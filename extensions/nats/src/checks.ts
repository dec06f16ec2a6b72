import type { FieldProblem } from '@flowc/runtime';
import { nameProblem, serversProblem, subjectProblem } from './names.ts';

function isTemplate(value: unknown): boolean {
  return typeof value === 'string' && value.includes('{{');
}

function check(problems: FieldProblem[], field: string, value: unknown, problem: (value: string) => string | undefined, hint: string): void {
  if (typeof value !== 'string' || isTemplate(value)) return;
  const message = problem(value);
  if (message) problems.push({ path: [field], message, hint });
}

function serverProblems(fields: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  check(problems, 'url', fields.url, serversProblem, 'for example nats://127.0.0.1:4222 (several: comma-separated)');
  return problems;
}

/** Problems in a `nats-subscribe` node's fields. */
export function subscribeProblems(fields: Record<string, unknown>): FieldProblem[] {
  const problems = serverProblems(fields);
  check(problems, 'subject', fields.subject, (s) => subjectProblem(s, true) && `bad subject ${JSON.stringify(s)}: ${subjectProblem(s, true)}`, 'tokens are split by `.`; `*` matches one token, `>` the rest');
  check(problems, 'queue', fields.queue, (q) => nameProblem('queue group', q), 'a queue group is a plain name: `workers`');
  return problems;
}

/** Problems in a `nats-publish` node's fields. */
export function publishProblems(fields: Record<string, unknown>): FieldProblem[] {
  const problems = serverProblems(fields);
  check(problems, 'subject', fields.subject, (s) => subjectProblem(s, false) && `bad subject ${JSON.stringify(s)}: ${subjectProblem(s, false)}`, 'publish to a full subject, such as orders.created');
  return problems;
}

/** Problems in a `nats-jetstream` node's fields. */
export function jetstreamProblems(fields: Record<string, unknown>): FieldProblem[] {
  const problems = serverProblems(fields);
  check(problems, 'stream', fields.stream, (s) => nameProblem('stream', s), 'a stream name such as ORDERS');
  check(problems, 'durable', fields.durable, (s) => nameProblem('consumer', s), 'a durable consumer name such as workers');
  check(problems, 'subject', fields.subject, (s) => subjectProblem(s, true) && `bad filter subject ${JSON.stringify(s)}: ${subjectProblem(s, true)}`, 'a subject of the stream, `*` and `>` allowed');
  return problems;
}

/** At start, when templates are rendered: the first problem fails the node. */
export function throwFirst(problems: readonly FieldProblem[]): void {
  const first = problems[0];
  if (first) throw new Error(`${first.path.join('.')}: ${first.message}${first.hint ? ` (${first.hint})` : ''}`);
}
