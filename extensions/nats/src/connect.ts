import { DEFAULT_BACKOFF } from '@flowc/runtime';
import { connect, type ConnectionOptions, type NatsConnection } from 'nats';
import { shownServers, splitServers } from './names.ts';

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

/** The server refused what the spec names (a stream that does not exist) or the credentials. */
export class Refused extends Error {}

/** A refused connection, said as such: the server's words come quoted (`'Authorization Violation'`). */
function refusal(problem: unknown, url: string): Refused | undefined {
  const code = String((problem as { code?: unknown }).code);
  if (!FATAL.has(code)) return undefined;
  const said = String((problem as Error).message ?? code).replace(/^'(.*)'$/, '$1');
  return new Refused(`${shownServers(url)} refused the connection: ${said} (check user, password or token)`, { cause: problem });
}

/**
 * The client's wait between dials, doubling from `initial` to `max` while the server stays away, back to
 * `initial` once connected (`reset`). The client asks for the wait on every turn of its dial loop and dials
 * when the wait since its last dial has passed: this answers 0 (dial now) when the current step is over,
 * else the step, and doubles the step at each dial.
 */
export class ReconnectBackoff {
  private step: number;
  private lastDial: number | undefined;

  constructor(
    private readonly initial: number = DEFAULT_BACKOFF.initial,
    private readonly max: number = DEFAULT_BACKOFF.max,
    private readonly now: () => number = Date.now,
  ) {
    this.step = initial;
  }

  readonly delay = (): number => {
    const now = this.now();
    if (this.lastDial === undefined) {
      this.lastDial = now;
      return 0;
    }
    if (now - this.lastDial < this.step) return this.step;
    this.lastDial = now;
    this.step = Math.min(this.step * 2, this.max);
    return 0;
  };

  reset(): void {
    this.step = this.initial;
    this.lastDial = undefined;
  }
}

/**
 * Connects once (the first failure is the caller's to retry, unless `waitOnFirstConnect`); later drops are
 * the client's to reconnect, for ever, with a doubling wait (ReconnectBackoff).
 */
export async function connectOnce(fields: ServerFields, name: string, extra: Partial<ConnectionOptions> = {}): Promise<NatsConnection> {
  const backoff = new ReconnectBackoff();
  let connection: NatsConnection;
  try {
    connection = await connect({
      servers: splitServers(fields.url),
      name,
      ...(fields.user === undefined ? {} : { user: fields.user }),
      ...(fields.password === undefined ? {} : { pass: fields.password }),
      ...(fields.token === undefined ? {} : { token: fields.token }),
      maxReconnectAttempts: -1,
      reconnectDelayHandler: backoff.delay,
      ...extra,
    });
  } catch (problem) {
    throw refusal(problem, fields.url) ?? problem;
  }
  void (async () => {
    for await (const status of connection.status()) if (status.type === 'reconnect') backoff.reset();
  })();
  backoff.reset();
  return connection;
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
