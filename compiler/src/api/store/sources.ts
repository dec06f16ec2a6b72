import { stringify } from 'yaml';
import type { TypedSource } from '../../compile.ts';
import type { Value } from '@flowc/runtime/core/binding';
import type { Resource, ResourceType, Store } from '@flowc/runtime/store/types';

export interface StoreSources {
  /**
   * Specs and charts of the namespace as YAML source files (one resource per file, named
   * `store:<type>/<namespace>/<name or id>.yaml`), plus one stub per value (`id`, `namespace`, `name`,
   * no data) so that the compiler checks bindings without ever seeing a secret.
   */
  readonly files: TypedSource[];
  /** The namespace's values, data included: bind them when the program starts, never bundle them. */
  readonly values: Value[];
}

/** Everything the compiler needs to build one namespace from a store. */
export async function readStoreSources(store: Store, namespace: string): Promise<StoreSources> {
  const [specs, charts, values] = await Promise.all([
    store.list('specs', { namespace }),
    store.list('charts', { namespace }),
    store.list('values', { namespace }),
  ]);
  return {
    files: namespaceFiles({ specs, charts, values }),
    values: values.map((v) => ({ id: v.id, namespace: v.namespace, ...(v.name === undefined ? {} : { name: v.name }), data: v.data })),
  };
}

/** Source files of one namespace's resources, in a stable order. */
export function namespaceFiles(resources: Readonly<Record<ResourceType, readonly Resource[]>>): TypedSource[] {
  return [
    ...resources.specs.map((r) => resourceFile('specs', r)),
    ...resources.charts.map((r) => resourceFile('charts', r)),
    ...resources.values.map((r) => resourceFile('values', { id: r.id, namespace: r.namespace, ...(r.name === undefined ? {} : { name: r.name }) })),
  ];
}

const TYPE = { specs: 'spec', charts: 'chart', values: 'value' } as const;

export function resourceFile(type: ResourceType, resource: Resource): TypedSource {
  return { file: storeFileName(type, resource), text: stringify(resource, { lineWidth: 0, aliasDuplicateObjects: false }), type: TYPE[type] };
}

export function storeFileName(type: ResourceType, r: Resource): string {
  return `store:${type}/${r.namespace}/${r.name ?? r.id}.yaml`;
}
