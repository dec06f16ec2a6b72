import type { InHandler } from './port.ts';
import type { Process } from './process.ts';

/** A node as telemetry labels it: bounded values written in the spec, never packet data. */
export interface NodeInfo {
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly loc?: string;
}

/**
 * What a host that watches the program (metrics, tracing) attaches to it. A host without one leaves
 * every handler as it is: nothing is wrapped, counted or timed.
 */
export interface Observer {
  /** Wraps one in-port handler of a node, once, when the program is wired. */
  input(node: NodeInfo, port: string, handler: InHandler): InHandler;
  /** A router matched a route (as written in the spec) for the request `proc` serves. */
  route(proc: Process, route: string): void;
  /** Headers that carry the request's trace upstream (`traceparent`), for a request node `node` sends. */
  outgoing(proc: Process, node: string): Readonly<Record<string, string>> | undefined;
  /** A program version started and serves now. */
  started(meta: { readonly namespace: string; readonly hash: string }): void;
}
