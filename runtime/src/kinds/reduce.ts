import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';
import { duration } from '../core/schema.ts';

/** Folds the inputs of one process with a CEL action and sends the running value on every input. */
export default defineKind({
  kind: 'reduce',
  description: 'Folds the inputs of each process with a CEL action (`self` = [accumulator, input, index]) and emits the running value.',
  schema: Type.Object({
    action: Type.String({ minLength: 1, description: 'CEL expression; `self` is [accumulator, input, index]' }),
    init: Type.Optional(Type.Unknown({ description: 'the accumulator before the first input (default null)' })),
    timeout: Type.Optional(duration),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/reduce',
  expressions: (fields) => (typeof fields.action === 'string' ? [{ path: ['action'], source: fields.action }] : []),
});
