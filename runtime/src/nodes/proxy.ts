import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { parseDuration } from '../core/duration.ts';
import { implement } from '../core/kind.ts';
import { FlowError } from '../core/packet.ts';
import type { Process } from '../core/process.ts';
import { canonicalHeaderName, encodeBody, type Headers } from '../http/codec.ts';
import { exchangeOf, type Exchange } from '../http/exchange.ts';
import { droppedHeaders, PLAIN_CONNECTION, encodePath, encodeQuery, filterPairs, headerPairs, isMap, joinPath, joinQuery, pairsToHeaders, splitTarget } from '../http/forward.ts';
import { StreamBody } from '../http/stream.ts';
import definition from '../kinds/proxy.ts';

interface Target {
  readonly url: URL;
  readonly secure: boolean;
  /** Path and raw query of the target, joined with each request's. */
  readonly path: string;
  readonly query: string;
}

/**
 * Headers the proxy sets itself; the client's values are replaced (X-Forwarded-For is appended to).
 * `Expect: 100-continue` was answered by the listener already; the body is read before it is forwarded.
 */
const OWN_HEADERS = ['host', 'content-length', 'expect', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto'];
const DROPPED = droppedHeaders(undefined, OWN_HEADERS);
const CONTENT_TYPE: ReadonlySet<string> = new Set(['content-type']);

/**
 * Reverse proxy: forwards the HTTP request payload to the next URL (round-robin from the first), with
 * its headers and body, and answers with the upstream's status and headers and a streamed body.
 */
export default implement(definition, {
  create({ name, fields, out, host }) {
    const output = out('out');
    const error = out('error');
    const targets = fields.urls.map(parseTarget);
    const timeout = fields.timeout === undefined ? 0 : parseDuration(fields.timeout);
    const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
    let next = 0;

    const forward = (payload: Record<string, unknown>, proc: Process): Promise<unknown> => {
      const target = targets[next]!;
      next = (next + 1) % targets.length;
      const exchange = exchangeOf(proc);
      const method = typeof payload.method === 'string' && payload.method ? payload.method : 'GET';
      const [path, query] = requestTarget(payload, exchange);
      const { headers, body } = outgoing(payload, exchange, target, host.observer?.outgoing(proc, name));
      return new Promise((resolve) => {
        let settled = false;
        let timer: NodeJS.Timeout | undefined;
        const answer = (value: unknown): void => {
          if (settled) return;
          settled = true;
          if (timer) clearTimeout(timer);
          resolve(output.send(value, proc));
        };
        const options = {
          method,
          host: target.url.hostname,
          port: target.url.port || undefined,
          path: joinPath(target.path, path) + (joinQuery(target.query, query) ? `?${joinQuery(target.query, query)}` : ''),
          headers,
          agent: target.secure ? agents.https : agents.http,
        };
        const upstream: ClientRequest = (target.secure ? httpsRequest : httpRequest)(options, (res: IncomingMessage) => {
          const length = Number(res.headers['content-length']);
          const streamed = new StreamBody(res, Number.isFinite(length) ? length : undefined);
          // An answer that is dropped on the way back must not pin the upstream connection.
          proc.onExit(() => streamed.discard());
          answer({ status: res.statusCode ?? 502, header: pairsToHeaders(res.rawHeaders), body: streamed });
        });
        upstream.on('error', (problem: Error) => {
          if (settled) return;
          host.log('warn', `proxy \`${name}\`: ${method} ${target.url.origin}: ${problem.message}`);
          answer(gatewayError(problem instanceof TimeoutError ? 504 : 502));
        });
        if (timeout > 0) timer = setTimeout(() => upstream.destroy(new TimeoutError(`no response within ${timeout} ms`)), timeout);
        // The client gave up before the upstream answered: stop waiting for it.
        exchange?.res.once('close', () => {
          if (!settled) upstream.destroy(new Error('the client closed the connection'));
        });
        upstream.end(body);
      });
    };

    return {
      inputs: {
        in(payload, proc) {
          if (!isMap(payload)) return error.send(new FlowError('proxy expects an HTTP request payload (a map with method, path, header, body)'), proc);
          try {
            return forward(payload, proc);
          } catch (problem) {
            // A body the flow changed into something its Content-Type cannot carry.
            return error.send(problem instanceof Error ? problem : new FlowError(String(problem)), proc);
          }
        },
      },
      unload() {
        agents.http.destroy();
        agents.https.destroy();
      },
    };
  },
});

class TimeoutError extends Error {}

function gatewayError(status: 502 | 504): unknown {
  return { status, header: {}, body: '' };
}

function parseTarget(text: string): Target {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`invalid upstream URL ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`upstream URL ${JSON.stringify(text)} must be http:// or https://`);
  return { url, secure: url.protocol === 'https:', path: url.pathname, query: url.search.slice(1) };
}

/** The request's path and raw query: the bytes the client sent when the payload still carries them. */
function requestTarget(payload: Record<string, unknown>, exchange: Exchange | undefined): [string, string] {
  const [rawPath, rawQuery] = exchange ? splitTarget(exchange.req.url ?? '/') : ['', ''];
  const path = exchange && payload.path === exchange.payload.path ? rawPath : encodePath(typeof payload.path === 'string' ? payload.path : '/');
  const query = exchange && payload.query === exchange.payload.query ? rawQuery : encodeQuery(payload.query);
  return [path, query];
}

const TRACE_HEADERS: ReadonlySet<string> = new Set(['traceparent', 'tracestate']);

/** Outgoing headers and body: the client's own bytes when the payload still holds them, else re-encoded. */
function outgoing(payload: Record<string, unknown>, exchange: Exchange | undefined, target: Target, traced: Readonly<Record<string, string>> | undefined): { headers: string[]; body: Uint8Array | string | undefined } {
  const original = exchange !== undefined && payload.header === exchange.payload.header;
  let headers = original ? filterPairs(exchange.req.rawHeaders, droppedBy(exchange.req.headers.connection)) : headerPairs(payload.header, DROPPED);
  let body: Uint8Array | string | undefined = exchange?.originalBody(payload.body);
  if (body === undefined && payload.body !== undefined && payload.body !== null && payload.body !== '') {
    // A body the flow changed is encoded by its Content-Type (or the first offer for its value, §4.3).
    const header: Headers = {};
    for (let i = 0; i < headers.length; i += 2) (header[canonicalHeaderName(headers[i]!)] ??= []).push(headers[i + 1]!);
    body = encodeBody(payload.body, header);
    headers = filterPairs(headers, CONTENT_TYPE);
    headers.push('Content-Type', header['Content-Type']![0]!);
  }
  if (traced) {
    // The request's trace continues from this node's span, not from the client's.
    headers = filterPairs(headers, TRACE_HEADERS);
    for (const [key, value] of Object.entries(traced)) headers.push(key, value);
  }
  headers.push('Host', target.url.host);
  if (body !== undefined) headers.push('Content-Length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength));
  const forwardedFor = payload.header && isMap(payload.header) ? listOf(payload.header['X-Forwarded-For']) : [];
  const client = clientAddress(exchange?.req.socket.remoteAddress);
  if (client) forwardedFor.push(client);
  if (forwardedFor.length > 0) headers.push('X-Forwarded-For', forwardedFor.join(', '));
  const originalHost = typeof payload.host === 'string' ? payload.host : undefined;
  if (originalHost) headers.push('X-Forwarded-Host', originalHost);
  headers.push('X-Forwarded-Proto', exchange ? (exchange.secure ? 'https' : 'http') : typeof payload.scheme === 'string' && payload.scheme ? payload.scheme : 'http');
  return { headers, body };
}

/** Names a request does not forward: the usual ones, plus any its `Connection` header lists (rare). */
function droppedBy(connection: string | undefined): ReadonlySet<string> {
  if (connection === undefined || PLAIN_CONNECTION.test(connection)) return DROPPED;
  return droppedHeaders(connection, OWN_HEADERS);
}

/** `::ffff:127.0.0.1` (an IPv4 client of a dual-stack socket) is written as the IPv4 address it is. */
function clientAddress(address: string | undefined): string | undefined {
  return address?.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function listOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}
