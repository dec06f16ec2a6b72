import type { KindDefinition } from '@flowc/runtime/core/kind';
import type { Diagnostics, Position } from '../diagnostics/diagnostic.ts';
import { kindHookFailed } from '../diagnostics/messages.ts';

type Hook = 'code' | 'expand' | 'expressions' | 'check';

/**
 * Calls a kind's build-time hook. A hook that throws is a bug in the kind, not in the spec: it is
 * reported at the node, naming the kind and the hook, and the compile goes on without its result.
 */
export function callHook<T>(definition: KindDefinition<never>, hook: Hook, call: () => T, at: Position, node: string, diagnostics: Diagnostics): T | undefined {
  try {
    return call();
  } catch (error) {
    diagnostics.report(kindHookFailed(definition.kind, hook, error), { at, node });
    return undefined;
  }
}
