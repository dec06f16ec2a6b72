import type { FlowNode } from './kind.ts';

/**
 * The runtime side of every composite kind (block, step, charts). It holds no logic of its own: the
 * program routes an outer in-port to the inner nodes wired to it, and inner out-ports to outer ones.
 */
export function composite(): FlowNode {
  return { inputs: {} };
}
