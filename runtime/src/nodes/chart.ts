import { implement } from '../core/kind.ts';
import { composite } from '../core/composite.ts';
import definition from '../kinds/chart.ts';

/**
 * The runtime side of every user-defined chart kind. The compiler expands a chart node into its
 * inner nodes and wires the chart's inbounds/outbounds straight to them, so nothing happens here.
 */
export default implement(definition, {
  create: composite,
});
