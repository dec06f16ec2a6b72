/** The three resource types a file may hold, told apart by their shape. */
export type ResourceType = 'spec' | 'chart' | 'value';

/**
 * A spec has `kind`; a chart has `specs` and no `kind`; a value has `data` and no `kind`.
 * Anything else is treated as a spec, so that validation explains what is missing.
 */
export function classify(data: Record<string, unknown>): ResourceType {
  if ('kind' in data) return 'spec';
  if ('specs' in data) return 'chart';
  if ('data' in data) return 'value';
  return 'spec';
}
