import type { Process } from './process.ts';

/**
 * The contract between a test build and the runner driving it (`flowc test`). A case's root process
 * carries its harness under HARNESS; the `assert` and mock nodes read it from there. The key is a
 * registered symbol because the runner and the bundle each hold their own copy of the runtime.
 */
export const HARNESS: unique symbol = Symbol.for('flowc.test.harness') as never;

export interface Harness {
  /** Payloads that left `node` through out-port `port` during this case, oldest first. */
  packets(node: string, port: string): readonly unknown[];
  /** Answers for a mocked node: what the case says `node` answers to `payload` on in-port `port`. */
  mock(node: string, port: string, payload: unknown): unknown;
}

/** Every packet a traced program moves: into a node's in-port (`in`) or out of its out-port (`out`). */
export type Tracer = (node: string, side: 'in' | 'out', port: string, payload: unknown, proc: Process) => void;

/** The harness of the case a process belongs to, if it runs under a test runner. */
export function harnessOf(proc: Process): Harness | undefined {
  return proc.get<Harness>(HARNESS);
}
