// Build-time (and start-time) checks of the AMQP kinds' fields. Loads no client library.
import type { FieldProblem } from '@flowc/runtime';

/** A value only known at start (a `{{ }}` template) is checked then, not at build time. */
export function isTemplate(value: unknown): boolean {
  return typeof value === 'string' && value.includes('{{');
}

export const EXCHANGE_TYPES = ['direct', 'fanout', 'topic', 'headers'] as const;

/** Why a broker URL cannot be used, or undefined. */
export function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${JSON.stringify(url)} is not a URL (write amqp://user:password@host:5672/vhost)`;
  }
  if (parsed.protocol !== 'amqp:' && parsed.protocol !== 'amqps:') return `the URL scheme ${parsed.protocol} is not AMQP's (amqp:, amqps:)`;
  return undefined;
}


/** AMQP names (queues, exchanges) are at most 255 bytes; `amq.` is the broker's own prefix. */
function nameProblem(what: string, name: string, declaring: boolean): string | undefined {
  if (Buffer.byteLength(name) > 255) return `the ${what} name is longer than 255 bytes`;
  if (declaring && name.startsWith('amq.')) return `a ${what} named \`amq.…\` is the broker's own and cannot be declared`;
  return undefined;
}

function urlProblems(url: unknown): FieldProblem[] {
  if (typeof url !== 'string' || isTemplate(url)) return [];
  const problem = urlProblem(url);
  return problem ? [{ path: ['url'], message: problem, hint: 'for example amqp://guest:guest@127.0.0.1:5672' }] : [];
}

function named(fields: Record<string, unknown>, field: string, what: string, declaring: boolean): FieldProblem[] {
  const value = fields[field];
  if (typeof value !== 'string' || isTemplate(value)) return [];
  const problem = nameProblem(what, value, declaring);
  return problem ? [{ path: [field], message: problem }] : [];
}

/** Problems in an `amqp-consume` node's fields. */
export function consumeProblems(fields: Record<string, unknown>): FieldProblem[] {
  const declare = fields.declare !== false;
  const problems = [...urlProblems(fields.url), ...named(fields, 'queue', 'queue', declare), ...named(fields, 'deadLetter', 'queue', declare)];
  if (fields.queue === '') problems.push({ path: ['queue'], message: 'a queue to consume must be named', hint: 'queue: jobs' });
  if (!declare) {
    for (const field of ['exchange', 'bindingKeys', 'deadLetter'])
      if (fields[field] !== undefined) problems.push({ path: [field], message: `\`${field}\` is declared by this node, but \`declare: false\` says it declares nothing`, hint: 'remove it, or let the node declare (the default)' });
  }
  if (fields.bindingKeys !== undefined && fields.exchange === undefined)
    problems.push({ path: ['bindingKeys'], message: 'binding keys bind the queue to an exchange: name it in `exchange`' });
  if (fields.exchange === '') problems.push({ path: ['exchange'], message: 'the default exchange cannot be bound to: every queue already gets the messages routed with its name', hint: 'remove `exchange`, or name one' });
  problems.push(...named(fields, 'exchange', 'exchange', declare));
  if (typeof fields.deadLetter === 'string' && fields.deadLetter === fields.queue)
    problems.push({ path: ['deadLetter'], message: 'the dead-letter queue is the queue consumed: failed messages would come back forever', hint: 'name another queue, e.g. jobs.dead' });
  return problems;
}

/** Problems in an `amqp-publish` node's fields. */
export function publishProblems(fields: Record<string, unknown>): FieldProblem[] {
  const problems = urlProblems(fields.url);
  const exchange = fields.exchange ?? '';
  if (exchange === '' && fields.exchangeType !== undefined)
    problems.push({ path: ['exchangeType'], message: 'the default exchange is not declared: `exchangeType` needs an `exchange`' });
  if (exchange === '' && (fields.routingKey === undefined || fields.routingKey === ''))
    problems.push({ path: ['routingKey'], message: 'publishing to the default exchange needs the queue name as `routingKey`', hint: 'routingKey: jobs (or name an `exchange`)' });
  problems.push(...named(fields, 'exchange', 'exchange', fields.exchangeType !== undefined));
  return problems;
}

/** At start, when templates are rendered: the first problem fails the node. */
export function throwFirst(problems: readonly FieldProblem[]): void {
  const first = problems[0];
  if (first) throw new Error(`${first.path.length ? `${first.path.join('.')}: ` : ''}${first.message}${first.hint ? ` (${first.hint})` : ''}`);
}
