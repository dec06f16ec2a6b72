import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';

/**
 * The definition every user-defined chart kind is built from. The compiler expands a chart node into
 * its inner nodes and wires the chart's inbounds/outbounds straight to them; each chart brings its own
 * schema, so this one only says "a map".
 */
export default defineKind({
  kind: 'chart',
  description: 'A node of a user-defined chart kind, expanded at build time.',
  schema: Type.Unsafe<Record<string, unknown>>({ type: 'object' }),
  inputs: {},
  outputs: {},
  implementation: '@flowc/runtime/nodes/chart',
  composite: true,
});
