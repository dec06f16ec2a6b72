import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Listening, ListenOptions, RequestHandler, HostServices } from './services.ts';

/**
 * The default host: real sockets, real standard streams. It tracks in-flight requests so that
 * closing a listener stops accepting, lets running requests finish, then releases the socket.
 */
export function createHost(): HostServices {
  return {
    listen,
    write(stream, data) {
      const target = stream === 'stdout' ? process.stdout : process.stderr;
      target.write(data);
      return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    },
    log(level, message) {
      process.stderr.write(`[flowc] ${level}: ${message}\n`);
    },
  };
}

function listen(options: ListenOptions, handler: RequestHandler): Promise<Listening> {
  const server = createServer({ keepAliveTimeout: 5_000 }, handler);
  let closing = false;
  server.on('request', (_req, res: ServerResponse) => {
    if (closing) res.shouldKeepAlive = false;
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: options.host || undefined }, () => {
      server.off('error', reject);
      const address = server.address();
      const bound = typeof address === 'object' && address ? address : { address: '', port: options.port };
      resolve({
        address: { host: bound.address, port: bound.port },
        close: () => {
          closing = true;
          return closeServer(server);
        },
      });
    });
  });
}

/** Stops accepting, closes idle keep-alive sockets now and busy ones once their response is sent. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    // Sockets that were busy when close() was called become idle later; sweep until all are gone.
    const sweep = setInterval(() => server.closeIdleConnections(), 25);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
