import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Process } from '../core/process.ts';
import type { Headers } from './headers.ts';

/** The request payload of §4.1, as the listener produces it. */
export interface RequestPayload {
  method: string;
  host?: string;
  path: string;
  query: Record<string, string[]>;
  protocol: string;
  header: Headers;
  body: unknown;
  status: 0;
}

type SettleHook = (failed: boolean) => void | Promise<void>;

/**
 * One HTTP request being served, kept in its root process's store (uniflow keeps the raw request and
 * response writer there too). Nodes reach it through `exchangeOf(proc)` from any descendant process:
 * the proxy forwards the original bytes and headers, the gateway takes the connection over, `sql`
 * finishes its transaction before the response is written.
 */
export class Exchange {
  /** The request body as received (still content-encoded), when there was one. */
  rawBody: Uint8Array | undefined;
  private taken = false;
  private settling = false;
  /** The request's root process (set when the exchange is attached to it). */
  process: Process | undefined;
  /** Set by the node that took the connection over for another protocol (a WebSocket). */
  upgraded = false;
  private settleHooks: SettleHook[] | undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    /** The payload as first produced: a node that still holds its `header`/`body`/`query` objects holds the originals. */
    readonly payload: RequestPayload,
    readonly secure: boolean,
  ) {}

  /** True once a node answered the request itself; the listener then writes nothing. */
  get isTaken(): boolean {
    return this.taken;
  }

  /** Claims the response for a node; false when the response was already claimed or started. */
  take(): boolean {
    if (this.taken || this.res.headersSent) return false;
    this.taken = true;
    return true;
  }

  /**
   * Runs when the answer is known and before it is written (`failed`: error or status ≥ 400), so that
   * a client that reads its response can see what the request committed.
   */
  beforeResponse(hook: SettleHook): boolean {
    if (this.taken || this.settling || this.res.headersSent) return false;
    (this.settleHooks ??= []).push(hook);
    return true;
  }

  get hasSettleHooks(): boolean {
    return this.settleHooks !== undefined;
  }

  /** Runs the settle hooks (newest first); resolves false when one of them failed. */
  async settle(failed: boolean): Promise<boolean> {
    const hooks = this.settleHooks;
    this.settleHooks = undefined;
    this.settling = true;
    let ok = true;
    if (hooks) {
      for (let i = hooks.length - 1; i >= 0; i--) {
        try {
          await hooks[i]!(failed);
        } catch {
          ok = false;
        }
      }
    }
    return ok;
  }

  /** The original body bytes when `body` is still the body the listener decoded. */
  originalBody(body: unknown): Uint8Array | undefined {
    return this.rawBody !== undefined && body === this.payload.body ? this.rawBody : undefined;
  }
}

// Registered, not private: telemetry in the host (flowc run) finds the exchange of a version that bundles its own runtime.
const EXCHANGE: unique symbol = Symbol.for('flowc.http.exchange');

export function attachExchange(proc: Process, exchange: Exchange): void {
  exchange.process = proc;
  proc.set(EXCHANGE, exchange);
}

/** The HTTP request this process (or an ancestor) is serving, if any. */
export function exchangeOf(proc: Process): Exchange | undefined {
  return proc.get<Exchange>(EXCHANGE);
}
