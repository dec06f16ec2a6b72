/**
 * A GET or HEAD request that carries a body, sent as Go's net/http sends it (uniflow's `http` node builds its
 * request with `http.NewRequest(method, url, buffer)`): the body bytes with their `Content-Length`, whatever the
 * method. The platform's fetch refuses a body on GET/HEAD (the Fetch standard forbids it), so this one case goes
 * through node:http / node:https; every other request stays on fetch.
 *
 * Redirects are followed as Go's client follows them: 307/308 repeat the request with its body; 301/302/303
 * continue without a body (a GET stays a GET, a HEAD a HEAD), which fetch can send, so the rest of the chain is
 * fetch's. At most 20 hops, as fetch.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { canonicalHeaderName, type Headers } from './headers.ts';

const MAX_REDIRECTS = 20;
const DROPPED_ON_REDIRECT = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);

export interface BodiedRequest {
  readonly method: string;
  /** Header [name, value] pairs in order; `Content-Length` is computed here. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array | string;
  readonly signal: AbortSignal;
}

/** What an exchange answered: the final URL, status, headers (canonical names, still encoded) and the raw bytes. */
export interface Answer {
  readonly url: string;
  readonly status: number;
  readonly header: Headers;
  readonly bytes: Uint8Array;
}

/** Send `init` to `url`, following redirects; `follow` sends a body-less hop (the caller's fetch). */
export async function sendBodied(url: string, init: BodiedRequest, follow: (url: string, method: string, headers: [string, string][]) => Promise<Answer>): Promise<Answer> {
  let target = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const reply = await exchange(target, init);
    const location = reply.headers.location;
    if (reply.statusCode === undefined || location === undefined || ![301, 302, 303, 307, 308].includes(reply.statusCode)) return answer(target, reply, init.signal);
    reply.resume();
    target = new URL(location, target);
    if (reply.statusCode === 307 || reply.statusCode === 308) continue;
    const headers = init.headers.filter(([name]) => !DROPPED_ON_REDIRECT.has(name.toLowerCase())).map(([n, v]): [string, string] => [n, v]);
    return follow(target.href, init.method, headers);
  }
  throw new Error('redirect count exceeded');
}

function exchange(target: URL, init: BodiedRequest): Promise<IncomingMessage> {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of init.headers) (headers[name.toLowerCase()] ??= []).push(value);
  headers['content-length'] = [String(typeof init.body === 'string' ? Buffer.byteLength(init.body) : init.body.byteLength)];
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, { method: init.method, headers, signal: init.signal }, resolve);
    req.once('error', reject);
    req.end(init.body);
  });
}

async function answer(target: URL, reply: IncomingMessage, signal: AbortSignal): Promise<Answer> {
  const header: Headers = {};
  const raw = reply.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) (header[canonicalHeaderName(raw[i]!)] ??= []).push(raw[i + 1]!);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of reply) chunks.push(chunk as Buffer);
  } catch (problem) {
    // An abort (the process or the timeout) ends the stream as a premature close: report it as the abort.
    throw signal.aborted ? signal.reason : problem;
  }
  return { url: target.href, status: reply.statusCode ?? 0, header, bytes: Buffer.concat(chunks) };
}
