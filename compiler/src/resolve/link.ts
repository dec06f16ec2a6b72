import type { PortRef } from '@flowc/runtime/core/kind';
import type { Diagnostics } from '../diagnostics/diagnostic.ts';
import { didYouMean } from '../diagnostics/suggest.ts';
import { HOOK_PORTS } from '../kinds/registry.ts';
import type { Path } from '../parse/document.ts';
import type { ScopeIndex } from './scopes.ts';
import { describeScope, type GraphEdge, type GraphNode, type Side, type Site } from './types.ts';

/** An indexed port some connection uses (`out[2]`), counted in the next step. */
export interface IndexedUse {
  readonly node: string;
  readonly direction: 'input' | 'output';
  /** The port without its index (`out`). */
  readonly base: string;
  readonly index: number;
}

export interface Links {
  readonly edges: readonly GraphEdge[];
  readonly uses: readonly IndexedUse[];
}

const PORT_NAME = /^([A-Za-z_$][\w$-]*)(?:\[(\d+)\])?$/;

/** Splits `out[2]` into `out` and 2; undefined when the name is malformed. */
export function parsePortName(port: string): { base: string; index: number | undefined } | undefined {
  const m = PORT_NAME.exec(port);
  if (!m) return undefined;
  return { base: m[1]!, index: m[2] === undefined ? undefined : Number(m[2]) };
}

/**
 * Turns every `ports` reference, then every composite's inbounds and outbounds, into a typed edge:
 * the target is looked up by name or id inside the node's own scope, and both port names are
 * checked against the kinds. References to specs that failed validation (`broken`) are not reported again.
 */
export function linkEdges(index: ScopeIndex, broken: ReadonlySet<string>, diagnostics: Diagnostics): Links {
  const edges: GraphEdge[] = [];
  const uses: IndexedUse[] = [];

  const checkPort = (node: GraphNode, port: string, direction: 'input' | 'output', site: Site, optional: boolean): string | undefined => {
    const sink = diagnostics.withNotes(site.notes);
    const parsed = parsePortName(port);
    if (!parsed) {
      sink.report({
        code: 'MALFORMED_PORT',
        message: `\`${port}\` is not a port name`,
        at: site.resource.locateKey(site.path),
        node: node.key,
        hint: 'write a port as `name` or `name[index]` with a number index, e.g. `out` or `out[1]`',
      });
      return undefined;
    }
    if (direction === 'output' && HOOK_PORTS.has(port)) return port;
    const decls = direction === 'input' ? node.inputs : node.outputs;
    const decl = decls.get(parsed.base);
    const known = [...decls.entries()].map(([n, d]) => (d.indexed ? `${n}[N]` : n));
    if (!decl || (parsed.index !== undefined && !decl.indexed)) {
      if (optional) return undefined;
      sink.report({
        code: 'UNKNOWN_PORT',
        message: `\`${node.kind.definition.kind}\` node \`${node.key}\` has no ${direction} port \`${port}\``,
        at: site.resource.locateKey(site.path),
        node: node.key,
        hint: decl
          ? `\`${parsed.base}\` is not indexed; write \`${parsed.base}\``
          : (didYouMean(port, [...decls.keys(), ...(direction === 'output' ? HOOK_PORTS : [])]) ?? `its ${direction} ports: ${known.join(', ') || '(none)'}`),
      });
      return undefined;
    }
    if (!decl.indexed) return parsed.base;
    const i = parsed.index ?? 0;
    uses.push({ node: node.key, direction, base: parsed.base, index: i });
    return `${parsed.base}[${i}]`;
  };

  const resolveRef = (owner: GraphNode, scope: string, ref: PortRef, site: Site): GraphNode | undefined => {
    const table = index.scopes.get(scope);
    const target = ref.id !== undefined ? table?.byId.get(ref.id) : ref.name === undefined ? undefined : table?.byName.get(ref.name);
    if (target) return target;
    if (ref.optional || (ref.name !== undefined && broken.has(`${scope}\u0000${ref.name}`))) return undefined;
    const sink = diagnostics.withNotes(site.notes);
    const label = ref.name ?? ref.id ?? '(no name or id)';
    const elsewhere = [...index.scopes.entries()].find(([s, t]) => s !== scope && !s.includes('/') && (ref.id !== undefined ? t.byId.has(ref.id) : t.byName.has(ref.name ?? '')));
    if (elsewhere && !scope.includes('/')) {
      sink.report({
        code: 'NODE_IN_OTHER_NAMESPACE',
        message: `\`${label}\` exists in namespace \`${elsewhere[0]}\`, not \`${scope}\``,
        at: site.resource.locate(site.path),
        node: owner.key,
        hint: 'namespaces are isolated: move both nodes into one namespace, or connect to a node of this one',
      });
      return undefined;
    }
    const candidates = [...(table?.byName.keys() ?? [])];
    sink.report({
      code: 'UNKNOWN_NODE',
      message: `no node \`${label}\` in ${describeScope(scope)}`,
      at: site.resource.locate(site.path),
      node: owner.key,
      hint: (ref.name ? didYouMean(ref.name, candidates) : undefined) ?? `define a node named \`${label}\` or fix the reference`,
    });
    return undefined;
  };

  for (const { node, ports } of index.specs) {
    const here = (path: Path): Site => ({ resource: node.resource, path: [...node.base, 'ports', ...path], notes: node.notes });
    for (const [port, refs] of Object.entries(ports)) {
      const from = checkPort(node, port, 'output', here([port]), false);
      refs.forEach((ref, i) => {
        const target = resolveRef(node, node.scope, ref, here([port, i]));
        if (!target || from === undefined) return;
        const to = checkPort(target, ref.port, 'input', here([port, i, 'port']), false);
        if (to === undefined) return;
        const side: Side = HOOK_PORTS.has(from) ? 'hook' : 'output';
        edges.push({ from: { node: node.key, side, port: from }, to: { node: target.key, side: 'input', port: to } });
      });
    }
  }

  for (const { node, bounds } of index.composites) {
    if (!bounds) continue;
    const at = (kind: string, port: string, i: number): Site => ({ ...bounds.site, path: [...bounds.site.path, kind, port, i] });
    for (const [port, refs] of Object.entries(bounds.inbounds)) {
      refs.forEach((ref, i) => {
        const target = resolveRef(node, bounds.scope, ref, at('inbounds', port, i));
        const to = target && checkPort(target, ref.port, 'input', at('inbounds', port, i), ref.optional ?? false);
        if (target && to) edges.push({ from: { node: node.key, side: 'inbound', port }, to: { node: target.key, side: 'input', port: to } });
      });
    }
    for (const [port, refs] of Object.entries(bounds.outbounds)) {
      refs.forEach((ref, i) => {
        const source = resolveRef(node, bounds.scope, ref, at('outbounds', port, i));
        const from = source && checkPort(source, ref.port, 'output', at('outbounds', port, i), ref.optional ?? false);
        if (source && from) edges.push({ from: { node: source.key, side: 'output', port: from }, to: { node: node.key, side: 'outbound', port } });
      });
    }
  }

  return { edges, uses };
}
