import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { parseDuration } from '../core/duration.ts';
import { DEFAULT_LIMITS } from '../core/host.ts';
import { implement } from '../core/kind.ts';
import { FlowError, isError, NONE } from '../core/packet.ts';
import { Process, ProcessAborted } from '../core/process.ts';
import { andThen, attempt } from '../core/settle.ts';
import type { ListenLimits, Listening } from '../core/services.ts';
import { BodyTooLarge, canonicalHeaderName, decodeBody, type Headers } from '../http/codec.ts';
import { attachExchange, Exchange, type RequestPayload } from '../http/exchange.ts';
import { responseStatus, writeResponse, type Negotiation } from '../http/respond.ts';
import { parseSize } from '../http/size.ts';
import definition from '../kinds/listener.ts';

export type { RequestPayload } from '../http/exchange.ts';

/** Default request body limit: larger bodies get 413. */
export const DEFAULT_MAX_BODY_SIZE = 1024 * 1024;

/** Serves HTTP: each request becomes a root process whose answer is written back as the response. */
export default implement(definition, {
  create({ name, fields, out, host }) {
    const output = out('out');
    const error = out('error');
    if (Boolean(fields.cert) !== Boolean(fields.key)) throw new Error('`cert` and `key` go together: give both to serve HTTPS, or neither');
    const tls = fields.cert && fields.key ? { cert: fields.cert, key: fields.key } : undefined;
    const maxBody = fields.maxBodySize === undefined ? DEFAULT_MAX_BODY_SIZE : parseSize(fields.maxBodySize);
    const limits: ListenLimits = {
      headerTimeout: fields.headerTimeout === undefined ? DEFAULT_LIMITS.headerTimeout : parseDuration(fields.headerTimeout),
      requestTimeout: fields.requestTimeout === undefined ? DEFAULT_LIMITS.requestTimeout : parseDuration(fields.requestTimeout),
      idleTimeout: fields.idleTimeout === undefined ? DEFAULT_LIMITS.idleTimeout : parseDuration(fields.idleTimeout),
      maxRequestsPerConnection: fields.maxRequestsPerConnection ?? DEFAULT_LIMITS.maxRequestsPerConnection,
    };
    const deadline = fields.deadline === undefined ? 0 : parseDuration(fields.deadline);
    let listening: Listening | undefined;

    /** Writes the answer, then ends the request process (an error status ends it with an error). */
    const write = (exchange: Exchange, proc: Process, answer: unknown, head: RequestHead): void => {
      const { req, res } = exchange;
      let status: number;
      try {
        status = writeResponse(head, res, answer);
      } catch (problem) {
        // A response that cannot be written must not take the server down with it.
        host.log('error', `request ${req.method} ${req.url}: cannot write the response: ${(problem as Error).message}`);
        res.destroy();
        status = 500;
      }
      const exit = (): unknown => proc.exit(status >= 400 ? new FlowError(STATUS_CODES[status] ?? String(status)) : undefined);
      if (proc.hasChildren) void proc.join().then(exit);
      else void exit();
    };

    const finish = (exchange: Exchange, proc: Process, answer: unknown, head: RequestHead): void => {
      if (isError(answer)) host.log('error', `request ${exchange.req.method} ${exchange.req.url}: ${answer.message}`);
      if (exchange.isTaken) return endTaken(exchange, proc, answer);
      if (!exchange.hasSettleHooks) return write(exchange, proc, answer, head);
      // Transactions finish before the client sees the answer; one that cannot commit turns it into a 500.
      void exchange.settle(responseStatus(answer) >= 400).then((ok) => write(exchange, proc, ok ? answer : new FlowError('the request could not be committed'), head));
    };

    const answerError = (exchange: Exchange, proc: Process, answer: unknown, head: RequestHead): void => {
      if (!isError(answer) || !error.connected) return finish(exchange, proc, answer, head);
      settle(() => error.send(answer, proc), (handled) => finish(exchange, proc, handled, head));
    };

    const dispatch = (req: IncomingMessage, res: ServerResponse, head: RequestHead, payload: RequestPayload, body: Uint8Array | undefined): void => {
      const proc = new Process();
      const exchange = new Exchange(req, res, payload, tls !== undefined);
      exchange.rawBody = body;
      attachExchange(proc, exchange);
      if (!output.connected) return finish(exchange, proc, NONE, head);
      const answer = attempt(() => output.send(payload, proc));
      if (!(answer instanceof Promise)) return answerError(exchange, proc, answer, head);
      // The flow went asynchronous: from here on its work stops when the client leaves or the deadline passes.
      const done = watch(exchange, proc, head);
      void answer.then((value) => {
        done();
        answerError(exchange, proc, value, head);
      });
    };

    /** Aborts the request's process when its client disconnects or its deadline passes (then it answers 504). */
    const watch = (exchange: Exchange, proc: Process, head: RequestHead): (() => void) => {
      const { res } = exchange;
      res.once('close', () => {
        if (!res.writableFinished) proc.abort(new ProcessAborted('the client disconnected'));
      });
      if (deadline <= 0) return () => undefined;
      const timer = setTimeout(() => {
        // A connection taken over for a WebSocket lives as long as it is open: the deadline was for the handshake.
        if (exchange.upgraded) return;
        const reason = new ProcessAborted(`no answer within the listener's deadline (${deadline} ms)`);
        proc.abort(reason);
        if (exchange.take()) writeResponse(head, res, { status: 504, header: { 'Content-Type': ['application/json; charset=utf-8'] }, body: { error: reason.message } });
      }, deadline);
      return () => clearTimeout(timer);
    };

    const handle = (req: IncomingMessage, res: ServerResponse): void => {
      // One pass over the raw headers: Node's own `req.headers` object is never built.
      const head = readHead(req.rawHeaders);
      let payload: RequestPayload;
      try {
        payload = requestPayload(req, head);
      } catch (problem) {
        writeResponse(head, res, badRequest(problem));
        return;
      }
      if (head.transferEncoding === undefined && (head.contentLength === undefined || head.contentLength === '0')) return dispatch(req, res, head, payload, undefined);
      const declared = Number(head.contentLength ?? 0);
      if (declared > maxBody) return tooLarge(req, res, head, maxBody);
      readBody(req, maxBody).then(
        (bytes) => {
          if (bytes === undefined) return tooLarge(req, res, head, maxBody);
          try {
            if (bytes.byteLength > 0) payload.body = decodeBody(bytes, payload.header, { maxSize: maxBody });
          } catch (problem) {
            if (problem instanceof BodyTooLarge) return tooLarge(req, res, head, maxBody);
            writeResponse(head, res, badRequest(new BadRequest((problem as Error).message)));
            return;
          }
          dispatch(req, res, head, payload, bytes);
        },
        () => res.destroy(),
      );
    };

    return {
      inputs: {},
      async load() {
        listening = await host.listen({ host: fields.host, port: fields.port, tls, limits }, handle);
        const { host: address, port } = listening.address;
        host.log('info', `listener \`${name}\` serving http${tls ? 's' : ''}://${address.includes(':') ? `[${address}]` : address}:${port}`);
      },
      async unload() {
        await listening?.close();
        listening = undefined;
      },
    };
  },
});

/** Calls a send and hands its answer on, synchronously when the answer is not a promise. */
function settle(send: () => unknown, then: (answer: unknown) => void): void {
  void andThen(attempt(send), then);
}

/**
 * A node answered the request itself, so nothing is written. After an upgrade the process lives as long
 * as its children (the WebSocket readers); after any other take-over (a refused handshake) the request
 * is over and so is its process.
 */
function endTaken(exchange: Exchange, proc: Process, answer: unknown): void {
  // A request answered for the flow (504 past its deadline) ends failed, so that its transactions roll back.
  const exit = (): unknown => proc.exit(proc.abortedBy ?? (isError(answer) ? answer : undefined));
  // An upgraded request that answered an error (a proxy's upstream is down) ends now: its connections close
  // with a reason instead of staying open with nothing behind them.
  if (exchange.upgraded && proc.hasChildren && !isError(answer)) void proc.join().then(exit);
  else void exit();
}

/** A request the listener could not even decode: 400 with a JSON error body, never a hang. */
class BadRequest extends Error {}

function badRequest(problem: unknown): unknown {
  const message = problem instanceof BadRequest ? problem.message : 'bad request';
  return { status: 400, header: { 'Content-Type': ['application/json; charset=utf-8'] }, body: { error: message } };
}

/** 413, and the connection is closed: the rest of the body is not worth reading. */
function tooLarge(req: IncomingMessage, res: ServerResponse, head: RequestHead, limit: number): void {
  res.shouldKeepAlive = false;
  req.resume();
  writeResponse(head, res, {
    status: 413,
    header: { 'Content-Type': ['application/json; charset=utf-8'] },
    body: { error: `request body larger than ${limit} bytes` },
  });
}

function requestPayload(req: IncomingMessage, head: RequestHead): RequestPayload {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q === -1 ? url : url.slice(0, q);
  let path: string;
  try {
    path = rawPath.includes('%') ? decodeURIComponent(rawPath) : rawPath;
  } catch {
    throw new BadRequest(`malformed URL path ${JSON.stringify(rawPath)}`);
  }
  const payload: RequestPayload = {
    method: req.method ?? 'GET',
    path,
    query: q === -1 ? {} : parseQuery(url.slice(q + 1)),
    protocol: `HTTP/${req.httpVersion}`,
    header: head.header,
    body: '',
    status: 0,
  };
  if (head.host) payload.host = head.host;
  return payload;
}

/** The whole body, or undefined as soon as it grows past `limit` (the rest is drained, not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.byteLength;
      if (size > limit) {
        req.off('data', onData);
        chunks.length = 0;
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Header names in canonical form, each a list of values; Host is carried as `host`, not here. */
/** What the listener needs from a request's headers, read in one pass over `rawHeaders`. */
interface RequestHead extends Negotiation {
  /** Header names in canonical form, each a list of values; Host is carried as `host`, not here. */
  readonly header: Headers;
  host?: string;
  contentLength?: string;
  transferEncoding?: string;
}

function readHead(raw: readonly string[]): RequestHead {
  const head: RequestHead = { header: {} };
  const header = head.header;
  for (let i = 0; i < raw.length; i += 2) {
    const name = canonicalHeaderName(raw[i]!);
    const value = raw[i + 1]!;
    if (name === 'Host') {
      head.host ??= value;
      continue;
    }
    (header[name] ??= []).push(value);
    if (name === 'Accept') head.accept = head.accept === undefined ? value : `${head.accept}, ${value}`;
    else if (name === 'Accept-Encoding') head.acceptEncoding = head.acceptEncoding === undefined ? value : `${head.acceptEncoding}, ${value}`;
    else if (name === 'Content-Length') head.contentLength = value;
    else if (name === 'Transfer-Encoding') head.transferEncoding = value;
  }
  return head;
}

function parseQuery(text: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) (query[key] ??= []).push(value);
  return query;
}
