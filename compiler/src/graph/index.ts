import { toDot } from './dot.ts';
import { toHtml } from './html.ts';
import { toMermaid } from './mermaid.ts';
import type { GraphView } from './model.ts';
import { toSvg } from './svg.ts';

export { graphView, type GraphView, type ViewEdge, type ViewNode, type ViewProblem } from './model.ts';

export const GRAPH_FORMATS = ['mermaid', 'dot', 'json', 'svg', 'html'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** The view in one of the formats `flowc graph` prints. */
export function renderGraph(view: GraphView, format: GraphFormat): string {
  switch (format) {
    case 'mermaid':
      return toMermaid(view);
    case 'dot':
      return toDot(view);
    case 'json':
      return `${JSON.stringify(view, null, 2)}\n`;
    case 'svg':
      return toSvg(view);
    case 'html':
      return toHtml(view);
  }
}
