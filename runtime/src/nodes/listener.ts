import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { defineKind } from '../core/kind.ts';
import { FlowError, isError, NONE, toError } from '../core/packet.ts';
import { Process } from '../core/process.ts';
import type { Listening } from '../core/services.ts';
import { canonicalHeaderName, decodeBody, type Headers } from '../http/codec.ts';
import { writeResponse } from '../http/respond.ts';

interface ListenerFields {
  protocol: 'http';
  host?: string;
  port: number;
}

/** The request payload of §4.1. */
export interface RequestPayload {
  method: string;
  host?: string;
  path: string;
  query: Record<string, string[]>;
  protocol: string;
  header: Headers;
  body: unknown;
  status: 0;
}

/** Serves HTTP: each request becomes a root process whose answer is written back as the response. */
export const listener = defineKind<ListenerFields>({
  kind: 'listener',
  description: 'Listens for HTTP requests; sends each request payload to `out` and writes the answer back.',
  schema: {
    type: 'object',
    properties: {
      protocol: { enum: ['http'] },
      host: { type: 'string' },
      port: { type: 'integer', minimum: 0, maximum: 65535 },
    },
    required: ['protocol', 'port'],
  },
  inputs: {},
  outputs: { out: {}, error: {} },
  create({ name, fields, out, host }) {
    const output = out('out');
    const error = out('error');
    let listening: Listening | undefined;

    /** Writes the answer, then ends the request process (an error status ends it with an error). */
    const finish = (req: IncomingMessage, res: ServerResponse, proc: Process, answer: unknown): void => {
      if (isError(answer)) host.log('error', `request ${req.method} ${req.url}: ${answer.message}`);
      let status: number;
      try {
        status = writeResponse(req, res, answer);
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

    const answerError = (req: IncomingMessage, res: ServerResponse, proc: Process, answer: unknown): void => {
      if (!isError(answer) || !error.connected) return finish(req, res, proc, answer);
      settle(() => error.send(answer, proc), (handled) => finish(req, res, proc, handled));
    };

    const dispatch = (req: IncomingMessage, res: ServerResponse, payload: RequestPayload): void => {
      const proc = new Process();
      if (!output.connected) return finish(req, res, proc, NONE);
      settle(() => output.send(payload, proc), (answer) => answerError(req, res, proc, answer));
    };

    const handle = (req: IncomingMessage, res: ServerResponse): void => {
      let payload: RequestPayload;
      try {
        payload = requestPayload(req);
      } catch (problem) {
        writeResponse(req, res, badRequest(problem));
        return;
      }
      if (!hasBody(req)) return dispatch(req, res, payload);
      readBody(req).then(
        (bytes) => {
          try {
            if (bytes.byteLength > 0) payload.body = decodeBody(bytes, payload.header);
          } catch (problem) {
            writeResponse(req, res, badRequest(new BadRequest((problem as Error).message)));
            return;
          }
          dispatch(req, res, payload);
        },
        () => res.destroy(),
      );
    };

    return {
      inputs: {},
      async load() {
        listening = await host.listen({ host: fields.host, port: fields.port }, handle);
        const { host: address, port } = listening.address;
        host.log('info', `listener \`${name}\` serving http://${address.includes(':') ? `[${address}]` : address}:${port}`);
      },
      async unload() {
        await listening?.close();
        listening = undefined;
      },
    };
  },
});
export default listener;

/** Calls a send and hands its answer on, synchronously when the answer is not a promise. */
function settle(send: () => unknown, then: (answer: unknown) => void): void {
  let answer: unknown;
  try {
    answer = send();
  } catch (thrown) {
    return then(toError(thrown));
  }
  if (answer instanceof Promise) answer.then(then, (thrown: unknown) => then(toError(thrown)));
  else then(answer);
}

/** A request the listener could not even decode: 400 with a JSON error body, never a hang. */
class BadRequest extends Error {}

function badRequest(problem: unknown): unknown {
  const message = problem instanceof BadRequest ? problem.message : 'bad request';
  return { status: 400, header: { 'Content-Type': ['application/json; charset=utf-8'] }, body: { error: message } };
}

function requestPayload(req: IncomingMessage): RequestPayload {
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
    header: requestHeaders(req.rawHeaders),
    body: '',
    status: 0,
  };
  if (req.headers.host) payload.host = req.headers.host;
  return payload;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Header names in canonical form, each a list of values; Host is carried as `host`, not here. */
function requestHeaders(raw: readonly string[]): Headers {
  const header: Headers = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = canonicalHeaderName(raw[i]!);
    if (name === 'Host') continue;
    (header[name] ??= []).push(raw[i + 1]!);
  }
  return header;
}

function parseQuery(text: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) (query[key] ??= []).push(value);
  return query;
}
