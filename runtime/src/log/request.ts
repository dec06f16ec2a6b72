import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HostServices, LogFields } from '../core/services.ts';
import { describeError, errorDetail } from './error-line.ts';

const ids = new WeakMap<IncomingMessage, string>();
/** Request ids are echoed into logs, so a client's own id is kept only when it is short and plain. */
const CLIENT_ID = /^[\w.:-]{1,128}$/;

/**
 * The id every log line of a request carries: the client's `X-Request-Id` when it sent a usable one,
 * otherwise one made when the request logs its first line (requests that log nothing never get one).
 */
export function requestId(req: IncomingMessage): string {
  let id = ids.get(req);
  if (id === undefined) {
    const given = req.headers['x-request-id'];
    id = typeof given === 'string' && CLIENT_ID.test(given) ? given : randomUUID();
    ids.set(req, id);
  }
  return id;
}

/** Logs a line about a request: its method, URL and id in the text and as fields. */
export function logRequest(host: HostServices, level: 'info' | 'warn' | 'error', req: IncomingMessage, message: string, fields: LogFields = {}): void {
  const id = requestId(req);
  host.log(level, `request ${req.method} ${req.url}: ${message} (request ${id})`, { reqId: id, method: req.method, url: req.url, ...fields });
}

/** The error a request answered with: the node it came from, its place in the spec, the stack (never sent to the client). */
export function logRequestError(host: HostServices, req: IncomingMessage, error: Error): void {
  const detail = errorDetail(error);
  const fields: LogFields = { err: { type: error.name, message: error.message, stack: error.stack } };
  if (detail.node) Object.assign(fields, { node: detail.node.name, kind: detail.node.kind, loc: detail.node.loc });
  if (detail.at) fields['at'] = detail.at;
  logRequest(host, 'error', req, describeError(detail), fields);
}
