import { defineKind } from '../core/kind.ts';
import { composite } from '../core/composite.ts';

/**
 * The runtime side of every user-defined chart kind. The compiler expands a chart node into its
 * inner nodes and wires the chart's inbounds/outbounds straight to them, so nothing happens here.
 */
export const chart = defineKind({
  kind: 'chart',
  description: 'A node of a user-defined chart kind, expanded at build time.',
  schema: { type: 'object' },
  inputs: {},
  outputs: {},
  composite: true,
  create: composite,
});
export default chart;
