import { OutPort } from './port.ts';
import type { Process } from './process.ts';

/** The node an error came out of, as the compiler placed it in the spec. */
export interface NodeOrigin {
  readonly name: string;
  readonly kind: string;
  /** `file:line:column` of the node in its spec. */
  readonly loc?: string;
}

const origins = new WeakMap<Error, NodeOrigin>();

/** The node whose `error` port first sent this error, if any did. */
export function originOf(error: Error): NodeOrigin | undefined {
  return origins.get(error);
}

/**
 * A node's `error` port: every error it sends is marked with the node, unless a node further down
 * already marked it. Only errors take this path, so answers that succeed pay nothing for it.
 */
export class ErrorPort extends OutPort {
  constructor(
    name: string,
    private readonly origin: NodeOrigin,
  ) {
    super(name);
  }

  override send(payload: unknown, proc: Process): unknown {
    if (payload instanceof Error && !origins.has(payload)) origins.set(payload, this.origin);
    return super.send(payload, proc);
  }
}
