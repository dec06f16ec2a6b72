import { parseDuration } from '../core/duration.ts';
import { implement } from '../core/kind.ts';
import { FlowError } from '../core/packet.ts';
import type { Process } from '../core/process.ts';
import { canonicalHeaderName, decodeBody, encodeBody, type Headers } from '../http/codec.ts';
import { exchangeOf } from '../http/exchange.ts';
import { droppedHeaders, encodePath, encodeQuery, headerPairs, isMap, joinPath, joinQuery } from '../http/forward.ts';
import definition from '../kinds/http.ts';

/** Headers fetch computes itself or refuses to send. */
const DROPPED = droppedHeaders(undefined, ['host', 'content-length', 'expect']);

/**
 * HTTP client (platform fetch): sends the payload's method, path, query, headers and body to `url` and
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
      if (body !== undefined && (method === 'GET' || method === 'HEAD')) throw new FlowError(`http: a ${method} request cannot carry a body`);
      const path = joinPath(base.pathname, typeof request.path === 'string' ? encodePath(request.path) : '');
      const query = joinQuery(encodeQuery(request.query), base.search.slice(1));
      const url = `${base.origin}${path}${query ? `?${query}` : ''}`;
      const headers = new Headers();
      const pairs = headerPairs(request.header, DROPPED);
      for (let i = 0; i < pairs.length; i += 2) headers.append(pairs[i]!, pairs[i + 1]!);
      if (body?.type && !headers.has('content-type')) headers.set('content-type', body.type);
      const traced = observer?.outgoing(proc, name);
      if (traced) for (const [key, value] of Object.entries(traced)) headers.set(key, value);
      // The exchange is abandoned with its process (the client left, the deadline passed), or after `timeout`.
      proc.throwIfAborted();
      const signal = timeout > 0 ? AbortSignal.any([proc.signal, AbortSignal.timeout(timeout)]) : proc.signal;
      let response: Response;
      try {
        response = await fetch(url, { method, headers, body: body?.data, signal });
      } catch (problem) {
        throw transportError(method, url, problem, timeout, proc);
      }
      const header = responseHeaders(response);
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (problem) {
        throw transportError(method, url, problem, timeout, proc);
      }
      const target = new URL(response.url || url);
      const result: Record<string, unknown> = {
        method,
        scheme: target.protocol.slice(0, -1),
        host: target.host,
        path: decodeURIComponent(target.pathname),
        query: queryMap(target.searchParams),
        protocol: 'HTTP/1.1',
        status: response.status,
        header,
        body: method === 'HEAD' ? '' : decodeBody(bytes, header),
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

/** fetch has already undone Content-Encoding, so the encoding and length headers no longer describe the body. */
function responseHeaders(response: Response): Headers {
  const header: Headers = {};
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie' || name === 'content-encoding' || name === 'content-length') return;
    (header[canonicalHeaderName(name)] ??= []).push(value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) header['Set-Cookie'] = cookies;
  return header;
}

function queryMap(params: URLSearchParams): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [key, value] of params) (query[key] ??= []).push(value);
  return query;
}

function transportError(method: string, url: string, problem: unknown, timeout: number, proc: Process): FlowError {
  const aborted = proc.abortedBy;
  if (aborted) return new FlowError(`http: ${method} ${url}: abandoned: ${aborted.message}`, { cause: aborted });
  const error = problem as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return new FlowError(`http: ${method} ${url}: no answer within ${timeout} ms`, { cause: problem });
  const reason = error.cause?.code ?? error.cause?.message ?? error.message ?? String(problem);
  return new FlowError(`http: ${method} ${url}: ${reason}`, { cause: problem });
}
