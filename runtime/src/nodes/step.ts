import { implement } from '../core/kind.ts';
import { composite } from '../core/composite.ts';
import definition from '../kinds/step.ts';

/** Runs its inner specs as a chain: answers with the last result or the first error. */
export default implement(definition, {
  create: composite,
});
