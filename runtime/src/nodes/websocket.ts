import { WebSocket } from 'ws';
import { parseDuration } from '../core/duration.ts';
import { implement } from '../core/kind.ts';
import { FlowError, NONE } from '../core/packet.ts';
import { isMap } from '../http/forward.ts';
import { parseSize } from '../http/size.ts';
import { Connections, readFrames, writeFrame } from '../ws/connection.ts';
import { DEFAULT_MAX_MESSAGE_SIZE } from './gateway.ts';
import definition from '../kinds/websocket.ts';

/**
 * WebSocket client: `io` connects for the sending process, every server frame goes to `out` as
 * `{type, data}`, and payloads on `in` are written to the server.
 */
export default implement(definition, {
  create({ fields, out }) {
    const output = out('out');
    const error = out('error');
    const connections = new Connections();
    const base = parseUrl(fields.url);
    const handshakeTimeout = fields.timeout === undefined ? 0 : parseDuration(fields.timeout);
    const maxPayload = fields.maxMessageSize === undefined ? DEFAULT_MAX_MESSAGE_SIZE : parseSize(fields.maxMessageSize);

    return {
      inputs: {
        io(payload, proc) {
          const url = target(base, payload);
          const opened = new Promise<WebSocket | Error>((resolve) => {
            const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload, ...(handshakeTimeout > 0 ? { handshakeTimeout } : {}) });
            ws.once('open', () => resolve(ws));
            // `status: 502`: a proxy whose upstream cannot be reached is a bad gateway (a WebSocket peer is told 1014).
            ws.once('error', (problem: Error) => resolve(new FlowError(`websocket: ${url}: ${problem.message}`, { cause: problem, data: { status: 502 } })));
            ws.once('unexpected-response', (_req, res) => {
              res.resume();
              resolve(new FlowError(`websocket: ${url}: the server answered ${res.statusCode ?? 0} instead of switching protocols`, { data: { status: 502 } }));
              ws.terminate();
            });
          });
          connections.own(
            proc,
            opened.then((ws) => (ws instanceof Error ? undefined : ws)),
          );
          return opened.then((ws) => {
            if (ws instanceof Error) return error.send(ws, proc);
            readFrames(ws, proc, output, error, connections);
            return NONE;
          });
        },
        in(payload, proc) {
          return writeFrame(connections, proc, payload).then((problem) => (problem ? Promise.resolve(error.send(problem, proc)).then(() => NONE) : NONE));
        },
      },
      unload() {
        connections.closeAll();
      },
    };
  },
});

interface BaseUrl {
  readonly url: URL;
  /** Whether the written URL has a path of its own (`ws://h/` has, `ws://h` has not). */
  readonly hasPath: boolean;
}

function parseUrl(text: string): BaseUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`invalid url ${JSON.stringify(text)}`);
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new Error(`url ${JSON.stringify(text)} must be ws:// or wss://`);
  return { url, hasPath: /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\//i.test(text) };
}

/** The spec URL, with the io payload's path when the URL has none (§3.25). */
function target(base: BaseUrl, payload: unknown): string {
  const url = new URL(base.url);
  if (!base.hasPath && isMap(payload) && typeof payload.path === 'string') url.pathname = payload.path;
  return url.href;
}
