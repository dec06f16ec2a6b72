import type { Diagnostics } from '../diagnostics/diagnostic.ts';
import type { KindEntry } from '../kinds/registry.ts';
import type { LocatedResource } from '../parse/document.ts';
import type { SpecValidator } from '../validate/validate.ts';
import { expandSpecs } from './expand.ts';
import { countIndexed } from './indexed.ts';
import { linkEdges } from './link.ts';
import { indexScopes } from './scopes.ts';
import type { Graph } from './types.ts';

export type { Endpoint, Graph, GraphEdge, GraphNode, Side } from './types.ts';
export { parsePortName } from './link.ts';
export { stableId } from './expand.ts';

/**
 * Resolves specs into the static graph, in four steps that each return new data: validate and expand
 * composites (block, step and charts) into private scopes → index every scope by name and id → link
 * every `ports` reference and composite bound into a typed edge inside one scope → count the indexed
 * ports in use. `charts` holds the chart kinds of each namespace; a chart kind is usable only in its namespace.
 */
export function resolveGraph(
  resources: readonly LocatedResource[],
  kinds: ReadonlyMap<string, KindEntry>,
  validator: SpecValidator,
  diagnostics: Diagnostics,
  charts: ReadonlyMap<string, ReadonlyMap<string, KindEntry>> = new Map(),
): Graph {
  const expansion = expandSpecs(resources, kinds, charts, validator, diagnostics);
  const index = indexScopes(expansion.roots, diagnostics);
  const links = linkEdges(index, expansion.broken, diagnostics);
  const nodes = countIndexed(
    index.specs.map((s) => s.node),
    links.uses,
  );
  return { namespaces: expansion.namespaces, nodes, edges: links.edges };
}
