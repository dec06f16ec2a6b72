import { join, NONE } from './packet.ts';
import type { Process } from './process.ts';

/** Receives one packet and answers it (synchronously or not). */
export type InHandler = (payload: unknown, proc: Process) => unknown;

/**
 * The sending side of a connection. Wiring is static: the compiler emits every connect() call,
 * so send() is a direct call for one link and a parallel fan-out with join() for several.
 */
export class OutPort {
  private links: InHandler[] = [];

  constructor(readonly name: string) {}

  connect(target: InHandler): void {
    this.links.push(target);
  }

  get connected(): boolean {
    return this.links.length > 0;
  }

  /**
   * Sends a payload and returns the answer. An unconnected port answers with the payload itself,
   * which is how an unwired `out` or `error` sends a node's result back to its caller.
   */
  send(payload: unknown, proc: Process): unknown {
    const links = this.links;
    // A forwarded NONE arrives as an ordinary null payload.
    const forwarded = payload === NONE ? null : payload;
    if (links.length === 0) return payload;
    if (links.length === 1) return links[0]!(forwarded, proc);
    return Promise.all(links.map((link) => link(forwarded, proc))).then(join);
  }
}
