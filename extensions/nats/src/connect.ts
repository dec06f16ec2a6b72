import { connect, type ConnectionOptions, type NatsConnection } from 'nats';
import { splitServers } from './names.ts';

export interface ServerFields {
  readonly url: string;
  readonly user?: string;
  readonly password?: string;
  readonly token?: string;
}

/** Errors that retrying does not fix: refused credentials or permissions, a stream that does not exist. */
const FATAL = new Set(['BAD_AUTHENTICATION', 'AUTHORIZATION_VIOLATION', 'AUTHENTICATION_EXPIRED', 'PERMISSIONS_VIOLATION']);

export function isFatal(error: unknown): boolean {
  return FATAL.has(String((error as { code?: unknown }).code)) || error instanceof Refused;
}

/** The server refused what the spec names (a stream that does not exist). */
export class Refused extends Error {}

/**
 * Connects once (the first failure is the caller's to retry); later drops are the client's to reconnect,
 * for ever, every `reconnectTimeWait`.
 */
export function connectOnce(fields: ServerFields, name: string, extra: Partial<ConnectionOptions> = {}): Promise<NatsConnection> {
  return connect({
    servers: splitServers(fields.url),
    name,
    ...(fields.user === undefined ? {} : { user: fields.user }),
    ...(fields.password === undefined ? {} : { pass: fields.password }),
    ...(fields.token === undefined ? {} : { token: fields.token }),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    ...extra,
  });
}

/** Reports the connection's ups and downs to whoever needs them, until it closes. */
export function watchStatus(connection: NatsConnection, on: { down(reason: Error): void; up(): void; lost(reason: Error): void }): void {
  void (async () => {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') on.down(new Error(`disconnected from ${String(status.data)}`));
      else if (status.type === 'reconnect') on.up();
    }
  })();
  void connection.closed().then((error) => {
    if (error) on.lost(error);
  });
}
