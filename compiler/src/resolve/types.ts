import type { Note } from '../diagnostics/diagnostic.ts';
import type { KindEntry, PortDecl } from '../kinds/registry.ts';
import type { LocatedResource, Path } from '../parse/document.ts';

export type Side = 'output' | 'input' | 'inbound' | 'outbound' | 'hook';

export interface Endpoint {
  readonly node: string;
  readonly side: Side;
  readonly port: string;
}

export interface GraphEdge {
  readonly from: Endpoint;
  readonly to: Endpoint;
}

/** A node of the static graph: no YAML left, every reference resolved. */
export interface GraphNode {
  /** Unique in the program: the name, or `outer/inner` for nodes inside composites. */
  readonly key: string;
  readonly id: string;
  readonly name: string;
  /** The namespace, or `namespace/outer…` for the private scope of a composite's inner nodes. */
  readonly scope: string;
  readonly namespace: string;
  readonly kind: KindEntry;
  readonly fields: Record<string, unknown>;
  readonly env: Record<string, unknown> | undefined;
  readonly resource: LocatedResource;
  /** Path of this spec inside its resource (inner specs sit under the outer spec's fields). */
  readonly base: Path;
  readonly parent: string | undefined;
  /** Where this node was instantiated from (the specs using the charts it sits in). */
  readonly notes: readonly Note[];
  readonly inputs: ReadonlyMap<string, PortDecl>;
  readonly outputs: ReadonlyMap<string, PortDecl>;
  /** Highest index + 1 of each indexed port in use. */
  readonly indexed: Readonly<Record<string, number>>;
}

export interface Graph {
  readonly namespaces: readonly string[];
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** Where a reference was written: the resource and path to point at, and the notes to attach. */
export interface Site {
  readonly resource: LocatedResource;
  readonly path: Path;
  readonly notes: readonly Note[];
}
