import type { Diagnostics } from '../diagnostics/diagnostic.ts';
import type { ExpandedSpec } from './expand.ts';
import { describeScope, duplicateId, duplicateName } from '../diagnostics/messages.ts';
import type { GraphNode } from './types.ts';

/** The nodes of one scope (a namespace, or a composite's inner specs), by name and by id. */
export interface Scope {
  readonly byName: ReadonlyMap<string, GraphNode>;
  readonly byId: ReadonlyMap<string, GraphNode>;
}

export interface ScopeIndex {
  readonly scopes: ReadonlyMap<string, Scope>;
  /** Every node kept, outer before inner (the order of the program). */
  readonly specs: readonly ExpandedSpec[];
  /** The composites kept, inner before outer. */
  readonly composites: readonly ExpandedSpec[];
}

/**
 * Indexes every node in its scope. A second node of a name or an id already taken in its scope is
 * reported and left out with its inner specs, so that every key and id of the program stays unique.
 */
export function indexScopes(roots: readonly ExpandedSpec[], diagnostics: Diagnostics): ScopeIndex {
  const scopes = new Map<string, { byName: Map<string, GraphNode>; byId: Map<string, GraphNode> }>();
  const specs: ExpandedSpec[] = [];
  const composites: ExpandedSpec[] = [];
  const visit = (spec: ExpandedSpec): void => {
    const { node } = spec;
    let table = scopes.get(node.scope);
    if (!table) scopes.set(node.scope, (table = { byName: new Map(), byId: new Map() }));
    const named = spec.name;
    const previous = named === undefined ? undefined : table.byName.get(named);
    if (previous && named !== undefined) {
      const first = previous.resource.locate([...previous.base, 'name']);
      diagnostics.withNotes(node.notes).report(duplicateName('node', named, describeScope(node.scope), first), { at: node.resource.locate([...node.base, 'name']), node: node.key });
      return;
    }
    const twin = table.byId.get(node.id);
    if (twin) {
      const first = twin.resource.locate([...twin.base, 'id']);
      diagnostics.withNotes(node.notes).report(duplicateId(node.id, describeScope(node.scope), first), { at: node.resource.locate([...node.base, 'id']), node: node.key });
      return;
    }
    if (named !== undefined) table.byName.set(named, node);
    table.byId.set(node.id, node);
    specs.push(spec);
    spec.children.forEach(visit);
    if (spec.bounds) composites.push(spec);
  };
  roots.forEach(visit);
  return { scopes, specs, composites };
}
