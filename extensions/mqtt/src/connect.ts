import { DEFAULT_BACKOFF } from '@flowc/runtime';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';

/** What both kinds need to reach a broker. */
export interface BrokerFields {
  readonly url: string;
  readonly clientId?: string;
  readonly username?: string;
  readonly password?: string;
}

/**
 * CONNACK reason codes that retrying does not fix (MQTT 5.0 §3.2.2.2): unsupported protocol, client id
 * refused, bad user name or password, not authorised, banned, bad authentication method.
 */
const FATAL_REASONS = new Set([0x84, 0x85, 0x86, 0x87, 0x8a, 0x8c]);

export function isFatal(error: unknown): boolean {
  return FATAL_REASONS.has((error as { code?: unknown }).code as number) || error instanceof SubscriptionRefused;
}

/** The broker granted a failure reason code instead of a QoS for a filter. */
export class SubscriptionRefused extends Error {}

export function clientOptions(fields: BrokerFields, extra: IClientOptions): IClientOptions {
  return {
    protocolVersion: 5,
    ...(fields.clientId === undefined ? {} : { clientId: fields.clientId }),
    ...(fields.username === undefined ? {} : { username: fields.username }),
    ...(fields.password === undefined ? {} : { password: fields.password }),
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    ...extra,
  };
}

/**
 * Connects and resolves once the broker accepted (CONNACK); the first failure rejects and ends the
 * client, so that the caller decides when to try again. Later drops are the library's to reconnect.
 */
export function connectOnce(url: string, options: IClientOptions, prepare?: (client: MqttClient) => void): Promise<MqttClient> {
  const client = connect(url, options);
  try {
    sendAtOnce(client);
    // Before the connection is up: a kept session's messages may come in the same read as the CONNACK.
    prepare?.(client);
  } catch (problem) {
    client.end(true);
    return Promise.reject(problem as Error);
  }
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => {
      cleanup();
      client.end(true);
      reject(error);
    };
    const onError = (error: Error): void => fail(error);
    const onClose = (): void => fail(new Error('the broker closed the connection'));
    const onConnect = (): void => {
      cleanup();
      resolve(client);
    };
    const cleanup = (): void => {
      client.off('error', onError);
      client.off('close', onClose);
      client.off('connect', onConnect);
    };
    client.on('error', onError);
    client.on('close', onClose);
    client.on('connect', onConnect);
  });
}

/**
 * Turns off Nagle's algorithm on every connection of the client. Acks are small packets sent one by one as
 * flows finish; with Nagle on, all but the first wait in the kernel for the broker's TCP ack of the previous
 * segment (tens of ms on a delayed-ack peer), and a connection that drops meanwhile loses them: the broker
 * then sends again messages whose flows had finished. mqtt.js connects without `noDelay`, and builds a new
 * socket for each reconnect; each is set before its CONNACK is handled, so before any message comes on it.
 */
export function sendAtOnce(client: MqttClient): void {
  const set = (): void => {
    // A TCP or TLS socket; a WebSocket stream has no such switch.
    (client.stream as { setNoDelay?: (on: boolean) => unknown } | undefined)?.setNoDelay?.(true);
  };
  set();
  client.on('packetreceive', (packet) => {
    if (packet.cmd === 'connack') set();
  });
}

/**
 * A dropped connection is retried by the library after waits doubling from `initial` to `max`, back to
 * `initial` once connected. mqtt.js reads `options.reconnectPeriod` each time it arms its reconnect timer
 * (after every failed attempt), so the period is raised as each attempt starts.
 */
export function backOffReconnects(client: MqttClient, initial: number = DEFAULT_BACKOFF.initial, max: number = DEFAULT_BACKOFF.max): void {
  client.options.reconnectPeriod = initial;
  client.on('reconnect', () => {
    client.options.reconnectPeriod = Math.min((client.options.reconnectPeriod ?? initial) * 2, max);
  });
  client.on('connect', () => {
    client.options.reconnectPeriod = initial;
  });
}
