import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ListenOptions {
  readonly host?: string;
  readonly port: number;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface Listening {
  /** The bound address (port 0 resolves to the real port). */
  readonly address: { readonly host: string; readonly port: number };
  close(): Promise<void>;
}

/** What the host lends to nodes. The host owns long-lived resources so that it can drain and swap them. */
export interface HostServices {
  listen(options: ListenOptions, handler: RequestHandler): Promise<Listening>;
  /** Writes to a standard stream; tests and embedders can redirect it. */
  write(stream: 'stdout' | 'stderr', data: string | Uint8Array): number;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}
