import type { Diagnostic } from '../diagnostics/diagnostic.ts';

/** What `build({ throwOnError: true })` and `check({ throwOnError })` reject with: every error of the build. */
export class BuildFailure extends Error {
  override name = 'BuildFailure';
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly sources: ReadonlyMap<string, string>,
  ) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    super(`build failed with ${errors.length} error(s)${first ? `; first: ${first.code} ${first.message}` : ''}`);
  }
}
