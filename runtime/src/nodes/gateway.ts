import { WebSocketServer, type WebSocket } from 'ws';
import { implement } from '../core/kind.ts';
import { FlowError, NONE } from '../core/packet.ts';
import type { Process } from '../core/process.ts';
import { exchangeOf, type Exchange } from '../http/exchange.ts';
import { parseSize } from '../http/size.ts';
import { takeUpgrade } from '../http/upgrade.ts';
import { Connections, readFrames, writeFrame } from '../ws/connection.ts';
import definition from '../kinds/gateway.ts';

/** Largest message a peer may send by default; larger ones close the connection (1009). */
export const DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

/**
 * Upgrades the HTTP request of the sending process to a WebSocket (`io`), turns every client frame into
 * `{type, data}` on `out`, and writes what arrives on `in` back to the client.
 */
export default implement(definition, {
  create({ fields, out }) {
    const output = out('out');
    const error = out('error');
    const connections = new Connections();
    const server = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: fields.maxMessageSize === undefined ? DEFAULT_MAX_MESSAGE_SIZE : parseSize(fields.maxMessageSize),
    });
    const fail = (problem: Error, proc: Process): unknown => error.send(problem, proc);

    return {
      inputs: {
        io(_payload, proc) {
          const exchange = exchangeOf(proc);
          if (!exchange) return fail(new FlowError('gateway: no HTTP request to upgrade in this process (wire `io` from a listener)'), proc);
          if (!exchange.take()) return fail(new FlowError('gateway: the request was already answered'), proc);
          const raw = isHandshake(exchange) ? takeUpgrade(exchange.req) : undefined;
          if (!raw) {
            badRequest(exchange);
            return fail(new FlowError('gateway: not a WebSocket handshake'), proc);
          }
          let upgraded: WebSocket | undefined;
          // Without verifyClient, ws completes a valid handshake synchronously.
          server.handleUpgrade(exchange.req, raw.socket, raw.head, (ws) => (upgraded = ws));
          if (!upgraded) return fail(new FlowError('gateway: the connection closed during the handshake'), proc);
          exchange.upgraded = true;
          connections.own(proc, Promise.resolve(upgraded));
          readFrames(upgraded, proc, output, error, connections);
          return NONE;
        },
        in(payload, proc) {
          return writeFrame(connections, proc, payload).then((problem) => (problem ? Promise.resolve(error.send(problem, proc)).then(() => NONE) : NONE));
        },
      },
      unload() {
        connections.closeAll();
        server.close();
      },
    };
  },
});

const KEY = /^[+/0-9A-Za-z]{22}==$/;

function isHandshake({ req }: Exchange): boolean {
  const upgrade = req.headers.upgrade;
  const version = req.headers['sec-websocket-version'];
  const key = req.headers['sec-websocket-key'];
  return (
    req.method === 'GET' &&
    typeof upgrade === 'string' &&
    upgrade.toLowerCase() === 'websocket' &&
    (version === '13' || version === '8') &&
    typeof key === 'string' &&
    KEY.test(key.trim())
  );
}

/** What Go's WebSocket upgrader answers to a request that is not a handshake (§7.4 W1); the connection is closed. */
function badRequest({ res }: Exchange): void {
  const body = 'Bad Request\n';
  res.shouldKeepAlive = false;
  res.writeHead(400, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Sec-Websocket-Version': '13',
    'Content-Length': String(body.length),
  });
  res.end(body);
}
