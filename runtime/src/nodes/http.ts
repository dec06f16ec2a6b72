import { parseDuration } from '../core/duration.ts';
import { implement } from '../core/kind.ts';
import { FlowError } from '../core/packet.ts';
import type { Process } from '../core/process.ts';
import { canonicalHeaderName, decodeBody, encodeBody, type Headers } from '../http/codec.ts';
import { type Answer, sendBodied } from '../http/bodied.ts';
import { exchangeOf } from '../http/exchange.ts';
import { droppedHeaders, encodePath, encodeQuery, headerPairs, isMap, joinPath, joinQuery } from '../http/forward.ts';
import definition from '../kinds/http.ts';

/** Headers the client computes itself (fetch refuses to send them). */
const DROPPED = droppedHeaders(undefined, ['host', 'content-length', 'expect']);

/**
 * HTTP client (platform fetch; node:http for a GET/HEAD with a body): sends the payload's method, path, query, headers and body to `url` and
 * answers with the response as an HTTP payload. Non-2xx answers are ordinary outputs; only transport
 * failures, timeouts and bodies that cannot be encoded or decoded go to `error`.
 */
export default implement(definition, {
  create({ name, fields, out, host }) {
    const observer = host.observer;
    const output = out('out');
    const error = out('error');
    let base: URL;
    try {
      base = new URL(fields.url);
    } catch {
      throw new Error(`invalid url ${JSON.stringify(fields.url)}`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`url ${JSON.stringify(fields.url)} must be http:// or https://`);
    const timeout = fields.timeout === undefined ? 0 : parseDuration(fields.timeout);

    const call = async (payload: unknown, proc: Process): Promise<unknown> => {
      const request: Record<string, unknown> = isMap(payload) ? payload : { body: payload };
      const body = requestBody(request, proc);
      const method = typeof request.method === 'string' && request.method ? request.method.toUpperCase() : body === undefined ? 'GET' : 'POST';
      const path = joinPath(base.pathname, typeof request.path === 'string' ? encodePath(request.path) : '');
      const query = joinQuery(encodeQuery(request.query), base.search.slice(1));
      const url = `${base.origin}${path}${query ? `?${query}` : ''}`;
      const headers = requestHeaders(request.header, body?.type, observer?.outgoing(proc, name));
      // The exchange is abandoned with its process (the client left, the deadline passed), or after `timeout`.
      proc.throwIfAborted();
      const signal = timeout > 0 ? AbortSignal.any([proc.signal, AbortSignal.timeout(timeout)]) : proc.signal;
      const viaFetch = (to: string, verb: string, pairs: [string, string][], data?: Uint8Array | string) => fetched(to, verb, pairs, data, signal);
      let answer: Answer;
      try {
        // fetch refuses a body on GET/HEAD; Go sends it, so that one case goes through node:http (bodied.ts).
        answer = body !== undefined && (method === 'GET' || method === 'HEAD') ? await sendBodied(url, { method, headers, body: body.data, signal }, viaFetch) : await viaFetch(url, method, headers, body?.data);
      } catch (problem) {
        throw transportError(method, url, problem, timeout, proc);
      }
      const header = answer.header;
      const decoded = method === 'HEAD' ? '' : decodeBody(answer.bytes, header);
      // The body is decoded now, so the encoding and length headers no longer describe it.
      delete header['Content-Encoding'];
      delete header['Content-Length'];
      const target = new URL(answer.url);
      const result: Record<string, unknown> = {
        method,
        scheme: target.protocol.slice(0, -1),
        host: target.host,
        path: decodeURIComponent(target.pathname),
        query: queryMap(target.searchParams),
        protocol: 'HTTP/1.1',
        status: answer.status,
        header,
        body: decoded,
      };
      return result;
    };

    return {
      inputs: {
        in(payload, proc) {
          return call(payload, proc).then(
            (result) => output.send(result, proc),
            (problem: unknown) => error.send(problem instanceof Error ? problem : new FlowError(String(problem)), proc),
          );
        },
      },
    };
  },
});

/** The body to send: the client's own bytes when the payload still holds the request's body, else encoded. */
function requestBody(request: Record<string, unknown>, proc: Process): { data: Uint8Array | string; type?: string } | undefined {
  const original = exchangeOf(proc)?.originalBody(request.body);
  if (original !== undefined) return { data: original };
  if (request.body === undefined || request.body === null || request.body === '') return undefined;
  const header: Headers = {};
  const pairs = headerPairs(request.header, DROPPED);
  for (let i = 0; i < pairs.length; i += 2) (header[canonicalHeaderName(pairs[i]!)] ??= []).push(pairs[i + 1]!);
  const data = encodeBody(request.body, header);
  return { data, type: header['Content-Type']?.[0] };
}

/** The payload's headers, the body's detected type when it names none, then the trace context (replacing). */
function requestHeaders(header: unknown, type: string | undefined, traced: Record<string, string> | undefined): [string, string][] {
  const headers: [string, string][] = [];
  const pairs = headerPairs(header, DROPPED);
  for (let i = 0; i < pairs.length; i += 2) headers.push([pairs[i]!, pairs[i + 1]!]);
  if (type && !headers.some(([n]) => n.toLowerCase() === 'content-type')) headers.push(['Content-Type', type]);
  if (!traced) return headers;
  const replaced = new Set(Object.keys(traced).map((n) => n.toLowerCase()));
  return [...headers.filter(([n]) => !replaced.has(n.toLowerCase())), ...Object.entries(traced)];
}

/** One exchange through the platform's fetch, which follows redirects and undoes Content-Encoding itself. */
async function fetched(url: string, method: string, headers: [string, string][], body: Uint8Array | string | undefined, signal: AbortSignal): Promise<Answer> {
  const response = await fetch(url, { method, headers, body, signal });
  const header: Headers = {};
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie' || name === 'content-encoding' || name === 'content-length') return;
    (header[canonicalHeaderName(name)] ??= []).push(value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) header['Set-Cookie'] = cookies;
  return { url: response.url || url, status: response.status, header, bytes: new Uint8Array(await response.arrayBuffer()) };
}

function queryMap(params: URLSearchParams): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [key, value] of params) (query[key] ??= []).push(value);
  return query;
}

function transportError(method: string, url: string, problem: unknown, timeout: number, proc: Process): FlowError {
  const aborted = proc.abortedBy;
  if (aborted) return new FlowError(`http: ${method} ${url}: abandoned: ${aborted.message}`, { cause: aborted });
  const error = problem as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return new FlowError(`http: ${method} ${url}: no answer within ${timeout} ms`, { cause: problem });
  // fetch wraps the socket's error in `cause`; node:http reports it directly.
  const reason = error.cause?.code ?? error.cause?.message ?? error.code ?? error.message ?? String(problem);
  return new FlowError(`http: ${method} ${url}: ${reason}`, { cause: problem });
}
