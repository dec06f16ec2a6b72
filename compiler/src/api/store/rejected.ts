import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { StoreError } from '@flowc/runtime/store/types';

/** A write the compile check refused; carries what `flowc check` would print. */
export class CompileRejected extends StoreError {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly sources: ReadonlyMap<string, string>,
  ) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    super('REJECTED', `the change does not build: ${errors} error(s)`);
  }
}
