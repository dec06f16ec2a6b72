import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** The raw connection behind an upgrade request, until a node takes it over or the response closes it. */
interface Pending {
  readonly socket: Duplex;
  readonly head: Buffer;
  readonly res: ServerResponse;
  /** Gives the socket back to its new owner: stops the response from ever writing to or closing it. */
  readonly detach: () => void;
  taken: boolean;
}

const pending = new WeakMap<IncomingMessage, Pending>();

/** Called by the host for each upgrade request it hands to a request handler. */
export function registerUpgrade(req: IncomingMessage, entry: Omit<Pending, 'taken'>): void {
  pending.set(req, { ...entry, taken: false });
}

/**
 * Takes the raw socket of an upgrade request (for a WebSocket handshake). Undefined when the request
 * is not an upgrade, was already taken, or its response has started.
 */
export function takeUpgrade(req: IncomingMessage): { socket: Duplex; head: Buffer } | undefined {
  const entry = pending.get(req);
  if (!entry || entry.taken || entry.res.headersSent) return undefined;
  entry.taken = true;
  entry.detach();
  return { socket: entry.socket, head: entry.head };
}
