import type { GraphFormat } from '../graph/index.ts';
import { check } from './build.ts';
import type { GraphOptions, GraphResult } from './types.ts';

/**
 * The picture of one namespace: checks the inputs (every stage but emit and bundle) and renders the
 * resolved graph with the problems found attached to their nodes. A graph with errors is still drawn.
 */
export async function graph(options: GraphOptions = {}): Promise<GraphResult> {
  const result = await check(options);
  // The renderers (and the layout library) load only when a picture is asked for.
  const { graphView, renderGraph } = await import('../graph/index.ts');
  const view = graphView(result.graph, result.diagnostics, options.namespace ?? 'default');
  const format: GraphFormat = options.format ?? 'json';
  return { ...result, view, format, text: renderGraph(view, format) };
}
