import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';

/**
 * What a test build puts in place of a mocked node; never written in a spec (not a registered kind).
 * It keeps the replaced node's name and wiring; the case's harness decides each answer.
 */
export default defineKind({
  kind: 'mock',
  description: 'Stands in for a mocked node in a test build: asks the case for its answer, then sends it on `out` (an error on `error`).',
  schema: Type.Object({
    inputs: Type.Array(Type.String(), { description: 'the in-ports of the replaced node' }),
    out: Type.Optional(Type.String({ description: 'the out-port answers leave through' })),
    error: Type.Optional(Type.String({ description: 'the out-port errors leave through' })),
  }),
  inputs: {},
  outputs: {},
  implementation: '@flowc/runtime/nodes/mock',
  rawFields: ['inputs', 'out', 'error'],
});
