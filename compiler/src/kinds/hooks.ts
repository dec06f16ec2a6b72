import type { KindDefinition } from '@flowc/runtime/core/kind';
import type { Diagnostics, Position } from '../diagnostics/diagnostic.ts';

type Hook = 'code' | 'expand' | 'expressions' | 'check';

/**
 * Calls a kind's build-time hook. A hook that throws is a bug in the kind, not in the spec: it is
 * reported at the node, naming the kind and the hook, and the compile goes on without its result.
 */
export function callHook<T>(definition: KindDefinition<never>, hook: Hook, call: () => T, at: Position, node: string, diagnostics: Diagnostics): T | undefined {
  try {
    return call();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    diagnostics.report({
      code: 'KIND_HOOK_FAILED',
      message: `the \`${hook}\` hook of kind \`${definition.kind}\` threw: ${message.split('\n')[0]}`,
      at,
      node,
      hint: `this is a bug in the kind \`${definition.kind}\`, not in the spec; report it to the kind's author`,
    });
    return undefined;
  }
}
