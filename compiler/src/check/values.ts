import type { Value } from '@flowc/runtime/core/binding';
import type { Diagnostics } from '../diagnostics/diagnostic.ts';
import { unknownValue } from '../diagnostics/messages.ts';
import type { GraphNode } from '../resolve/graph.ts';

interface EnvEntry {
  readonly id?: string;
  readonly name?: string;
}

/**
 * When values are known at build time, every env entry that binds a value must find one in the
 * node's namespace. Only names and ids are compared: value data is never read here.
 */
export function checkValueBindings(nodes: readonly GraphNode[], values: readonly Value[], diagnostics: Diagnostics): void {
  for (const node of nodes) {
    if (node.parent !== undefined || !node.env) continue;
    for (const [key, entries] of Object.entries(node.env as Record<string, EnvEntry[]>)) {
      if (!Array.isArray(entries)) continue;
      entries.forEach((entry, i) => {
        if (entry.id === undefined && entry.name === undefined) return;
        const found = values.some(
          (v) => (v.namespace ?? 'default') === node.namespace && (entry.id === undefined || v.id === entry.id) && (entry.name === undefined || v.name === entry.name),
        );
        if (found) return;
        const label = entry.name ?? entry.id;
        const names = values.filter((v) => (v.namespace ?? 'default') === node.namespace && v.name).map((v) => v.name!);
        diagnostics.withNotes(node.notes).report(unknownValue(key, label!, node.namespace, names), { at: node.resource.locate([...node.base, 'env', key, i]), node: node.key });
      });
    }
  }
}
