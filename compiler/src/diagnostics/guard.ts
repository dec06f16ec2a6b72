import type { Diagnostics, Where } from './diagnostic.ts';
import { internal } from './messages.ts';

/**
 * Runs one unit of work (a file, a node) so that a failure of flowc itself becomes an INTERNAL
 * diagnostic at `where` instead of a stack trace, and the build goes on with `fallback`.
 */
export function guarded<T>(diagnostics: Diagnostics, stage: string, where: Where, run: () => T, fallback: T): T {
  try {
    return run();
  } catch (error) {
    diagnostics.report(internal(stage, error), where);
    return fallback;
  }
}
