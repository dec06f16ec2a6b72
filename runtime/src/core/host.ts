import { createServer, ServerResponse, type IncomingMessage, type Server, type ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { registerUpgrade } from './upgrade.ts';
import { createResources } from './resources.ts';
import type { HostServices, ListenLimits, Listening, ListenOptions, RequestHandler } from './services.ts';

/** Safe defaults for every listener limit (milliseconds, counts). */
export const DEFAULT_LIMITS: Required<ListenLimits> = {
  headerTimeout: 10_000,
  requestTimeout: 60_000,
  idleTimeout: 5_000,
  // No cap by default: past the cap Node answers 503 on the socket, which keep-alive clients that
  // ignore `Connection: close` (load generators, some proxies) see as failures.
  maxRequestsPerConnection: 0,
};

/** What a host's listeners still hold: requests being answered, connections open (WebSockets included). */
export interface Pending {
  readonly requests: number;
  readonly connections: number;
}

/**
 * The default host: real sockets, real standard streams, shared resources (database pools). It tracks
 * in-flight requests so that closing a listener stops accepting, lets running requests finish, then
 * releases the socket.
 */
export function createHost(): HostServices & { close(): Promise<void>; pending(): Pending } {
  const resources = createResources();
  const servers = new Set<Tracked>();
  return {
    listen: (options, handler) => listen(options, handler, servers),
    /** Summed over every listener that is open or draining. */
    pending() {
      let requests = 0;
      let connections = 0;
      for (const server of servers) {
        connections += server.sockets.size;
        for (const socket of server.sockets) if (isBusy(socket)) requests++;
      }
      return { requests, connections };
    },
    write(stream, data) {
      const target = stream === 'stdout' ? process.stdout : process.stderr;
      target.write(data);
      return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    },
    log(level, message) {
      process.stderr.write(`[flowc] ${level}: ${message}\n`);
    },
    acquire: resources.acquire,
    close: resources.closeAll,
  };
}

function serverOptions(limits: ListenLimits | undefined): ServerOptions {
  const l = { ...DEFAULT_LIMITS, ...limits };
  // Node refuses a header timeout longer than the request timeout; the request timeout covers headers too.
  const requestTimeout = l.requestTimeout > 0 && l.headerTimeout > l.requestTimeout ? l.headerTimeout : l.requestTimeout;
  const shortest = Math.min(...[l.headerTimeout, requestTimeout].filter((t) => t > 0), 30_000);
  return {
    headersTimeout: l.headerTimeout,
    requestTimeout,
    keepAliveTimeout: l.idleTimeout,
    // Timeouts are enforced by a periodic sweep; sweep often enough for short timeouts to be exact-ish.
    connectionsCheckingInterval: Math.max(25, Math.floor(shortest / 4)),
  };
}

/** A server and its open connections (counted per connection, not per request: the hot path stays as it is). */
interface Tracked {
  readonly sockets: Set<Duplex>;
}

/**
 * A socket with a response under way. Node keeps the response it is writing in `_httpMessage` (an upgraded
 * socket handed to a node counts as busy: its connection is a request that is still being served).
 */
function isBusy(socket: Duplex): boolean {
  return (socket as { _httpMessage?: unknown })._httpMessage != null || !(socket as { parser?: unknown }).parser;
}

function listen(options: ListenOptions, handler: RequestHandler, servers: Set<Tracked>): Promise<Listening> {
  const settings = serverOptions(options.limits);
  let closing = false;
  // One request listener (not a second one for `closing`): every emit on the hot path counts.
  const onRequest: RequestHandler = (req, res) => {
    if (closing) res.shouldKeepAlive = false;
    handler(req, res);
  };
  // node:https (and with it node:tls) is loaded only by a program that serves HTTPS.
  const server: Server = options.tls
    ? process.getBuiltinModule('node:https').createServer({ ...settings, cert: options.tls.cert, key: options.tls.key }, onRequest)
    : createServer(settings, onRequest);
  server.maxRequestsPerSocket = options.limits?.maxRequestsPerConnection ?? DEFAULT_LIMITS.maxRequestsPerConnection;
  const upgraded = new Set<Duplex>();
  const tracked: Tracked = { sockets: new Set() };
  server.on('connection', (socket: Socket) => {
    tracked.sockets.add(socket);
    socket.once('close', () => tracked.sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => handleUpgrade(req, socket, head, handler, upgraded));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: options.host || undefined }, () => {
      server.off('error', reject);
      const address = server.address();
      const bound = typeof address === 'object' && address ? address : { address: '', port: options.port };
      servers.add(tracked);
      resolve({
        address: { host: bound.address, port: bound.port },
        close: () => {
          closing = true;
          return closeServer(server, upgraded).finally(() => servers.delete(tracked));
        },
      });
    });
  });
}

/**
 * An upgrade request goes through the ordinary handler with a response bound to the raw socket: it
 * answers like any request and then closes the connection, unless a node (the gateway) takes the
 * socket over first.
 */
function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, handler: RequestHandler, upgraded: Set<Duplex>): void {
  upgraded.add(socket);
  socket.on('error', () => socket.destroy());
  socket.once('close', () => upgraded.delete(socket));
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket as Socket);
  // The server emits `close` on the responses it creates; this one is ours, so we do (request trackers,
  // such as a hot swap's drain, wait for it): when the answer is written, or when a node that took the
  // socket over is done with it.
  const finished = (): void => {
    res.detachSocket(socket as Socket);
    socket.end();
    process.nextTick(() => res.emit('close'));
  };
  res.once('finish', finished);
  registerUpgrade(req, {
    socket,
    head,
    res,
    detach: () => {
      res.off('finish', finished);
      res.detachSocket(socket as Socket);
      socket.once('close', () => res.emit('close'));
    },
  });
  handler(req, res);
}

/**
 * How long a keep-alive connection that is idle when a listener closes stays open. A client may already have
 * sent its next request on it: closing it at once would reset that request. During the grace every request
 * that arrives is answered with `Connection: close` (and the connection then closed); only connections idle
 * for all of it are closed.
 */
export const IDLE_GRACE_MS = 250;

/**
 * Stops accepting, answers every request already received or arriving on an open connection (each with
 * `Connection: close`), closes connections idle for the whole grace, and resolves once none is left.
 */
function closeServer(server: Server, upgraded: Set<Duplex>): Promise<void> {
  return new Promise((resolve) => {
    const closeIdle = server.closeIdleConnections.bind(server);
    // Node's close() would destroy idle keep-alive connections at once, racing requests on their way in.
    server.closeIdleConnections = () => undefined;
    let sweep: NodeJS.Timeout | undefined;
    const grace = setTimeout(() => {
      // Connections busy until now end after their answer; those that became idle are closed as they do.
      closeIdle();
      sweep = setInterval(closeIdle, 25);
    }, IDLE_GRACE_MS);
    server.close(() => {
      clearTimeout(grace);
      clearInterval(sweep);
      resolve();
    });
    // Upgraded connections (WebSockets) are long-lived by nature: the server stops, so do they.
    for (const socket of upgraded) socket.destroy();
  });
}
