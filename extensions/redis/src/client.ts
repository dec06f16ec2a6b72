// Redis connections (runtime side): the shared command connection of `redis`/`redis-publish` nodes, and the
// private ones of consumers. Every connection is opened from a URL checked by checks.ts.
import type { HostServices, Lease } from '@flowc/runtime';
import { acquire, shownUrl } from '@flowc/runtime';
import { Redis, type RedisOptions } from 'ioredis';

/** Refused credentials: retrying cannot fix them. */
export function isAuthError(error: unknown): boolean {
  return /WRONGPASS|NOAUTH|invalid password|invalid username-password|NOPERM/i.test((error as Error)?.message ?? '');
}

/**
 * The last `error` event of a client: a refused AUTH is reported there, while `connect()` only rejects
 * with "Connection is closed".
 */
function lastError(client: Redis): () => Error | undefined {
  let last: Error | undefined;
  client.on('error', (error: Error) => (last = error));
  return () => last;
}

/** A connection the consumer mechanism reconnects (no reconnection of ioredis's own). */
export async function connectOnce(url: string, options: RedisOptions = {}): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false, ...options });
  // Errors are reported by the commands and the `end` event; an unhandled `error` event must not crash.
  const failure = lastError(client);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw failure() ?? error;
  }
  return client;
}

/**
 * The connection `redis` and `redis-publish` nodes share per URL (host resource: kept across hot swaps).
 * It reconnects by itself with backoff; commands sent while it is down wait for two reconnection attempts,
 * then fail. Refused credentials at start fail the node; a server that does not answer is logged.
 */
export async function sharedClient(host: HostServices, url: string, label: string): Promise<Lease<Redis>> {
  return acquire(host, `redis:${url}`, {
    async open() {
      const client = new Redis(url, {
        lazyConnect: true,
        maxRetriesPerRequest: 2,
        retryStrategy: (times) => Math.min(250 * 2 ** Math.min(times, 7), 30_000),
      });
      const failure = lastError(client);
      let down = false;
      client.on('error', (error: Error) => {
        if (down) return;
        down = true;
        host.log('warn', `${label}: Redis at ${shownUrl(url)} does not answer (${error.message}); reconnecting`);
      });
      client.on('ready', () => {
        if (down) host.log('info', `${label}: Redis at ${shownUrl(url)} answers again`);
        down = false;
      });
      try {
        await client.connect();
      } catch (error) {
        const cause = failure() ?? error;
        if (isAuthError(cause)) {
          client.disconnect();
          throw cause;
        }
        // Down at start: ioredis keeps trying; the warning was logged by the error handler.
      }
      return client;
    },
    close: async (client) => {
      await client.quit().catch(() => client.disconnect());
    },
  });
}

/** A node's hold on the shared connection: `load` leases it, `unload` gives it back, `client()` while held. */
export function sharedConnection(host: HostServices, url: string, label: string): { client(): Redis | undefined; load(): Promise<void>; unload(): Promise<void> } {
  let lease: Lease<Redis> | undefined;
  return {
    client: () => lease?.value,
    async load() {
      try {
        lease = await sharedClient(host, url, label);
      } catch (problem) {
        throw new Error(`cannot connect to Redis: ${(problem as Error).message}`);
      }
    },
    async unload() {
      const held = lease;
      lease = undefined;
      await held?.release();
    },
  };
}
