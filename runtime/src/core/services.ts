import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Observer } from './observer.ts';
import type { ReadinessRegistry } from './readiness.ts';

/** Limits that protect a listening socket; every one has a safe default (see host.ts). */
export interface ListenLimits {
  /** Milliseconds a client has to send complete request headers (slow clients are cut off with 408). */
  readonly headerTimeout?: number;
  /** Milliseconds a client has to send the whole request, body included. */
  readonly requestTimeout?: number;
  /** Milliseconds a keep-alive connection may stay idle between requests. */
  readonly idleTimeout?: number;
  /** Requests served on one connection before it is closed (0 = no limit). */
  readonly maxRequestsPerConnection?: number;
}

export interface ListenOptions {
  readonly host?: string;
  readonly port: number;
  /** PEM certificate chain and private key: serve HTTPS instead of HTTP. */
  readonly tls?: { readonly cert: string; readonly key: string };
  readonly limits?: ListenLimits;
  /** The listening node's name (telemetry labels its requests with it). */
  readonly name?: string;
}

/**
 * Handles one request. Upgrade requests (`Upgrade: websocket`) arrive here too, with `req.upgrade`
 * set: their `res` writes straight onto the raw socket and closes it, unless a node takes the socket
 * over (see http/exchange.ts).
 */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface Listening {
  /** The bound address (port 0 resolves to the real port). */
  readonly address: { readonly host: string; readonly port: number };
  close(): Promise<void>;
}

/** A shared resource handed out by the host; release it when the node unloads. */
export interface Lease<T> {
  readonly value: T;
  release(): Promise<void>;
}

/** How the host opens and closes a shared resource (a connection pool). */
export interface ResourceSpec<T> {
  open(): T | Promise<T>;
  close(value: T): void | Promise<void>;
}

/** Structured data of a log line (request id, node, error). */
export type LogFields = Record<string, unknown>;

/** What the host lends to nodes. The host owns long-lived resources so that it can drain and swap them. */
export interface HostServices {
  listen(options: ListenOptions, handler: RequestHandler): Promise<Listening>;
  /** Writes to a standard stream; tests and embedders can redirect it. */
  write(stream: 'stdout' | 'stderr', data: string | Uint8Array): number;
  /** One log line; `fields` are its structured data (a structured logger writes them, a plain one may not). */
  log(level: 'info' | 'warn' | 'error', message: string, fields?: LogFields): void;
  /**
   * One resource per key (a database pool per connection string), shared by every node and program
   * version that asks for it, closed when the last lease is released. Hosts without it make nodes
   * open private resources (see `acquire` in core/resources.ts).
   */
  acquire?<T>(key: string, spec: ResourceSpec<T>): Promise<Lease<T>>;
  /**
   * The strings of every value the program bound, which the host masks in what it logs and writes; a
   * node that shows data of its own (the `internal` SQL tables) masks them too.
   */
  readonly secrets?: ReadonlySet<string>;
  /** Metrics and tracing, when something watches the program (see telemetry/); absent, nothing is instrumented. */
  readonly observer?: Observer;
  /** Where what the program needs before it takes traffic reports whether it is ready (`/readyz`); absent without health. */
  readonly readiness?: ReadinessRegistry;
}
