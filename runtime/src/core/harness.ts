import type { Process } from './process.ts';
import type { HostServices } from './services.ts';

/**
 * The contract between a test build and the runner driving it (`flowc test`). Each case starts the
 * program on its own host, which carries the case's harness under HARNESS; the `assert` and mock
 * nodes read it from there. The key is a registered symbol because the runner and the bundle each
 * hold their own copy of the runtime.
 */
export const HARNESS: unique symbol = Symbol.for('flowc.test.harness') as never;

/** The in-port the runner starts a `test` node through. No spec can wire to it: the kind declares no in-ports. */
export const TEST_RUN_PORT = 'run';

export interface Harness {
  /** Payloads that left `node` through out-port `port` during this case, oldest first. */
  packets(node: string, port: string): readonly unknown[];
  /** Answers for a mocked node: what the case says `node` answers to `payload` on in-port `port`. */
  mock(node: string, port: string, payload: unknown): unknown;
}

/** Every packet a traced program moves: into a node's in-port (`in`) or out of its out-port (`out`). */
export type Tracer = (node: string, side: 'in' | 'out', port: string, payload: unknown, proc: Process) => void;

/** The harness of the case a program was started for, if a test runner started it. */
export function harnessOf(host: HostServices): Harness | undefined {
  return (host as HostServices & { readonly [HARNESS]?: Harness })[HARNESS];
}
