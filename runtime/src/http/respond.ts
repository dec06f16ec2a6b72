import type { ServerResponse } from 'node:http';
import { isError, NONE } from '../core/packet.ts';
import { canonicalHeaderName, contentTypeOffers, encodeBody, type Headers } from './codec.ts';
import { negotiate } from './negotiate.ts';
import { StreamBody } from './stream.ts';

const ENCODINGS = ['identity', 'gzip', 'deflate', 'br'] as const;

/** Headers that describe one connection, not the response; the server sets its own. */
const HOP_BY_HOP = new Set([
  'Connection',
  'Keep-Alive',
  'Proxy-Connection',
  'Transfer-Encoding',
  'Te',
  'Trailer',
  'Upgrade',
  'Content-Length',
]);

/** A map with `status` or `body` is an HTTP response payload; any other answer is the body itself. */
export function isHttpPayload(answer: unknown): answer is { status?: unknown; header?: unknown; body?: unknown } {
  return (
    answer !== null &&
    typeof answer === 'object' &&
    !Array.isArray(answer) &&
    !(answer instanceof Uint8Array) &&
    ('status' in answer || 'body' in answer)
  );
}

/**
 * Turns a payload's `header` map (values as strings or lists) into canonical lists. Content-Length is
 * dropped (the encoder sets it) unless the body is streamed as is.
 */
export function toHeaders(value: unknown, keepLength = false): Headers {
  const headers: Headers = {};
  if (value === null || typeof value !== 'object') return headers;
  for (const [name, v] of Object.entries(value)) {
    const canonical = canonicalHeaderName(name);
    if ((HOP_BY_HOP.has(canonical) && !(keepLength && canonical === 'Content-Length')) || v === null || v === undefined) continue;
    headers[canonical] = Array.isArray(v) ? v.map(String) : [String(v)];
  }
  return headers;
}

/** The status writeResponse will use for an answer (before anything is written). */
export function responseStatus(answer: unknown): number {
  if (answer === NONE) return 200;
  if (isError(answer)) return 500;
  if (isHttpPayload(answer)) return typeof answer.status === 'number' && answer.status > 0 ? answer.status : 200;
  return 200;
}

/**
 * Writes the final answer of a request (§4.2): None → 200 empty, error → 500, HTTP payload → its
 * status/header/body, anything else → 200 with that body. Content type and encoding are negotiated
 * from Accept / Accept-Encoding unless the payload set them. Returns the status written.
 */
/** The request headers content negotiation reads (several headers of one name joined with `, `). */
export interface Negotiation {
  accept?: string;
  acceptEncoding?: string;
}

/**
 * The last text answer written, ready to write again: a flow that answers a constant (a `text` snippet, a
 * precomputed route) is negotiated and encoded once per Accept / Accept-Encoding pair, not once per request.
 * Text is immutable, so a hit writes exactly the bytes and headers the full path would.
 */
let prepared: { answer: string; accept: string | undefined; acceptEncoding: string | undefined; head: string[]; data: string | Uint8Array } | undefined;

export function writeResponse(request: Negotiation, res: ServerResponse, answer: unknown): number {
  if (typeof answer === 'string') {
    const p = prepared;
    if (p !== undefined && p.answer === answer && p.accept === request.accept && p.acceptEncoding === request.acceptEncoding) {
      res.writeHead(200, p.head);
      res.end(p.data);
      return 200;
    }
    return writeText(request, res, answer);
  }
  let status = 200;
  let headers: Headers = {};
  let body: unknown = answer;
  if (answer === NONE) {
    return send(res, 200, headers, undefined);
  }
  if (isError(answer)) {
    status = 500;
    body = 'Internal Server Error';
  } else if (isHttpPayload(answer)) {
    status = typeof answer.status === 'number' && answer.status > 0 ? answer.status : 200;
    if (answer.body instanceof StreamBody) return sendStream(res, status, toHeaders(answer.header, true), answer.body);
    headers = toHeaders(answer.header);
    body = answer.body;
  }
  if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
    return send(res, status, headers, undefined);
  }
  if (!headers['Content-Encoding']) {
    const encoding = negotiate(request.acceptEncoding, ENCODINGS);
    if (encoding) headers['Content-Encoding'] = [encoding];
  }
  if (!headers['Content-Type']) {
    const type = negotiate(request.accept, contentTypeOffers(body));
    if (type) headers['Content-Type'] = [type];
  }
  let data: string | Uint8Array;
  try {
    data = encodeBody(body ?? null, headers);
  } catch {
    return send(res, 500, { 'Content-Type': ['text/plain; charset=utf-8'] }, 'Internal Server Error');
  }
  return send(res, status, headers, data);
}

/** A text answer through the full path, kept in `prepared` when its encoding does not vary per response. */
function writeText(request: Negotiation, res: ServerResponse, answer: string): number {
  const headers: Headers = {};
  const encoding = negotiate(request.acceptEncoding, ENCODINGS);
  if (encoding) headers['Content-Encoding'] = [encoding];
  const type = negotiate(request.accept, contentTypeOffers(answer));
  if (type) headers['Content-Type'] = [type];
  let data: string | Uint8Array;
  try {
    data = encodeBody(answer, headers);
  } catch {
    return send(res, 500, { 'Content-Type': ['text/plain; charset=utf-8'] }, 'Internal Server Error');
  }
  const head = headLines(headers, data);
  // A multipart body gets a random boundary per response: never replayed.
  if (!headers['Content-Type']?.[0]?.toLowerCase().startsWith('multipart/')) {
    prepared = { answer, accept: request.accept, acceptEncoding: request.acceptEncoding, head, data };
  }
  res.writeHead(200, head);
  res.end(data);
  return 200;
}

/** Streams a body as is: its headers (Content-Length included) are the upstream's, nothing is negotiated. */
function sendStream(res: ServerResponse, status: number, headers: Headers, body: StreamBody): number {
  const stream = body.claim();
  res.writeHead(status, flatten(headers));
  if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
    // Such answers carry no body; reading the (empty) stream to its end lets its connection be reused.
    stream.resume();
    res.end();
    return status;
  }
  // A failure on either side (upstream reset, client gone) tears both down; the client sees a cut response.
  // (stream.pipeline would do the same, but allocates an AbortController per response: measurably slower.)
  stream.once('error', () => res.destroy());
  res.once('close', () => {
    if (!stream.readableEnded) stream.destroy();
  });
  stream.pipe(res);
  return status;
}

function flatten(headers: Headers): string[] {
  const flat: string[] = [];
  for (const name in headers) for (const value of headers[name]!) flat.push(name, value);
  return flat;
}

function send(res: ServerResponse, status: number, headers: Headers, data: string | Uint8Array | undefined): number {
  if (data === undefined) {
    const flat = flatten(headers);
    if (status !== 204 && status !== 304) flat.push('Content-Length', '0');
    res.writeHead(status, flat);
    res.end();
  } else {
    res.writeHead(status, headLines(headers, data));
    res.end(data);
  }
  return status;
}

/** The header lines of a response with a body: its headers, then Content-Length. */
function headLines(headers: Headers, data: string | Uint8Array): string[] {
  const flat = flatten(headers);
  flat.push('Content-Length', String(typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength));
  return flat;
}
