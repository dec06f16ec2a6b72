// Build-time (and start-time) checks of the Redis kinds' fields. Loads no client library.
import type { FieldProblem } from '@flowc/runtime';

/** A value only known at start (a `{{ }}` template) is checked then, not at build time. */
export function isTemplate(value: unknown): boolean {
  return typeof value === 'string' && value.includes('{{');
}

/** Why a Redis URL cannot be used, or undefined. */
export function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${JSON.stringify(url)} is not a URL (write redis://host:6379/0)`;
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') return `the URL scheme ${parsed.protocol} is not Redis's (redis:, rediss:)`;
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) return `the database ${JSON.stringify(db)} in the URL is not a number`;
  return undefined;
}


/**
 * Commands a shared connection must not run: they change the connection's state (subscriptions, the
 * database, transactions) or block it for every other node using it.
 */
const REFUSED: Record<string, string> = {
  SUBSCRIBE: 'use the redis-subscribe kind',
  PSUBSCRIBE: 'use the redis-subscribe kind',
  SSUBSCRIBE: 'use the redis-subscribe kind',
  UNSUBSCRIBE: 'use the redis-subscribe kind',
  PUNSUBSCRIBE: 'use the redis-subscribe kind',
  SUNSUBSCRIBE: 'use the redis-subscribe kind',
  MONITOR: 'it takes the connection over',
  SELECT: 'name the database in the URL (redis://host:6379/2)',
  QUIT: 'the connection is shared',
  RESET: 'the connection is shared',
  MULTI: 'send a list of commands to run them in one MULTI/EXEC transaction',
  EXEC: 'send a list of commands to run them in one MULTI/EXEC transaction',
  DISCARD: 'send a list of commands to run them in one MULTI/EXEC transaction',
  WATCH: 'the connection is shared',
  UNWATCH: 'the connection is shared',
  BLPOP: 'blocking commands stall the shared connection',
  BRPOP: 'blocking commands stall the shared connection',
  BRPOPLPUSH: 'blocking commands stall the shared connection',
  BLMOVE: 'blocking commands stall the shared connection',
  BLMPOP: 'blocking commands stall the shared connection',
  BZPOPMIN: 'blocking commands stall the shared connection',
  BZPOPMAX: 'blocking commands stall the shared connection',
  BZMPOP: 'blocking commands stall the shared connection',
  WAIT: 'blocking commands stall the shared connection',
};

const COMMAND_NAME = /^[A-Za-z][A-Za-z0-9_.|-]*$/;

/** Why a command cannot run on the `redis` kind's shared connection, or undefined. */
export function commandProblem(name: string, args: readonly unknown[] = []): string | undefined {
  if (!COMMAND_NAME.test(name)) return `${JSON.stringify(name)} is not a Redis command name`;
  const upper = name.toUpperCase();
  const why = REFUSED[upper];
  if (why) return `${upper} cannot run on a shared connection: ${why}`;
  if ((upper === 'XREAD' || upper === 'XREADGROUP') && args.some((a) => typeof a === 'string' && a.toUpperCase() === 'BLOCK'))
    return `${upper} … BLOCK stalls the shared connection: use the redis-stream kind to consume a stream`;
  return undefined;
}

function urlProblems(url: unknown): FieldProblem[] {
  if (typeof url !== 'string' || isTemplate(url)) return [];
  const problem = urlProblem(url);
  return problem ? [{ path: ['url'], message: problem, hint: 'for example redis://127.0.0.1:6379/0' }] : [];
}

/** Problems in a `redis` node's fields. */
export function commandsProblems(fields: Record<string, unknown>): FieldProblem[] {
  const problems = urlProblems(fields.url);
  if (typeof fields.command === 'string' && !isTemplate(fields.command)) {
    const problem = commandProblem(fields.command);
    if (problem) problems.push({ path: ['command'], message: problem });
  }
  return problems;
}

/** Problems in a `redis-publish` node's fields: exactly one of channel and stream. */
export function publishProblems(fields: Record<string, unknown>): FieldProblem[] {
  const problems = urlProblems(fields.url);
  const channel = fields.channel !== undefined;
  const stream = fields.stream !== undefined;
  if (channel === stream)
    problems.push({ path: [], message: channel ? 'a redis-publish node publishes to a channel or adds to a stream, not both' : 'a redis-publish node needs a `channel` or a `stream`', hint: 'channel: events (PUBLISH), or stream: orders (XADD)' });
  if (fields.maxLen !== undefined && !stream) problems.push({ path: ['maxLen'], message: '`maxLen` trims a stream: it needs `stream`' });
  return problems;
}

/** Problems in a `redis-subscribe` node's fields. */
export function subscribeProblems(fields: Record<string, unknown>): FieldProblem[] {
  const problems = urlProblems(fields.url);
  if (fields.channel === undefined && fields.pattern === undefined)
    problems.push({ path: [], message: 'a redis-subscribe node needs a `channel` or a `pattern` to subscribe to', hint: 'channel: events, or pattern: events.*' });
  return problems;
}

/** Problems in a `redis-stream` node's fields. */
export function streamProblems(fields: Record<string, unknown>): FieldProblem[] {
  const problems = urlProblems(fields.url);
  if (typeof fields.start === 'string' && !isTemplate(fields.start) && !/^(\$|0|\d+(-\d+)?)$/.test(fields.start))
    problems.push({ path: ['start'], message: `${JSON.stringify(fields.start)} is not a stream position`, hint: '`$` (new entries only), `0` (the whole stream) or an entry id like 1700000000000-0' });
  if (typeof fields.deadLetter === 'string' && fields.deadLetter === fields.stream)
    problems.push({ path: ['deadLetter'], message: 'the dead-letter stream is the stream consumed: failed entries would come back forever', hint: 'name another stream, e.g. orders.dead' });
  return problems;
}

/** At start, when templates are rendered: the first problem fails the node. */
export function throwFirst(problems: readonly FieldProblem[]): void {
  const first = problems[0];
  if (first) throw new Error(`${first.path.length ? `${first.path.join('.')}: ` : ''}${first.message}${first.hint ? ` (${first.hint})` : ''}`);
}
