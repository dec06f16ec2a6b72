import type { PortRef } from '@flowc/runtime/core/kind';
import type { Diagnostics } from '../diagnostics/diagnostic.ts';
import { LIMITS } from '../diagnostics/limits.ts';
import { limitExceeded, malformedPort, nodeInOtherNamespace, unknownNode, unknownPort } from '../diagnostics/messages.ts';
import { HOOK_PORTS, isHookPort } from '@flowc/runtime/core/envelope';
import type { Path } from '../parse/document.ts';
import type { ScopeIndex } from './scopes.ts';
import type { GraphEdge, GraphNode, Side, Site } from './types.ts';

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
      sink.report(malformedPort(port), { at: site.resource.locateKey(site.path), node: node.key });
      return undefined;
    }
    if (direction === 'output' && isHookPort(port)) return port;
    const decls = direction === 'input' ? node.inputs : node.outputs;
    const decl = decls.get(parsed.base);
    if (!decl || (parsed.index !== undefined && !decl.indexed)) {
      if (optional) return undefined;
      const log = unknownPort(node.kind.definition.kind, node.key, direction, port, parsed.base, decl !== undefined, [...decls.entries()], HOOK_PORTS);
      sink.report(log, { at: site.resource.locateKey(site.path), node: node.key });
      return undefined;
    }
    if (!decl.indexed) return parsed.base;
    const i = parsed.index ?? 0;
    if (i > LIMITS.portIndex.max) {
      sink.report(limitExceeded('portIndex', i, `the index of \`${port}\``), { at: site.resource.locateKey(site.path), node: node.key });
      return undefined;
    }
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
      sink.report(nodeInOtherNamespace(label, elsewhere[0], scope), { at: site.resource.locate(site.path), node: owner.key });
      return undefined;
    }
    const candidates = [...(table?.byName.keys() ?? [])];
    sink.report(unknownNode(label, scope, ref.name, candidates), { at: site.resource.locate(site.path), node: owner.key });
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
        const side: Side = isHookPort(from) ? 'hook' : 'output';
        edges.push({ from: { node: node.key, side, port: from }, to: { node: target.key, side: 'input', port: to } });
      });
    }
  }

  for (const { node, bounds } of index.composites) {
    if (!bounds) continue;
    const at = (...path: Path): Site => ({ ...bounds.site, path: [...bounds.site.path, ...path] });
    for (const [port, refs] of Object.entries(bounds.inbounds)) {
      refs.forEach((ref, i) => {
        const target = resolveRef(node, bounds.scope, ref, at('inbounds', port, i));
        const to = target && checkPort(target, ref.port, 'input', at('inbounds', port, i, 'port'), ref.optional ?? false);
        if (target && to) edges.push({ from: { node: node.key, side: 'inbound', port }, to: { node: target.key, side: 'input', port: to } });
      });
    }
    for (const [port, refs] of Object.entries(bounds.outbounds)) {
      refs.forEach((ref, i) => {
        const source = resolveRef(node, bounds.scope, ref, at('outbounds', port, i));
        const from = source && checkPort(source, ref.port, 'output', at('outbounds', port, i, 'port'), ref.optional ?? false);
        if (source && from) edges.push({ from: { node: source.key, side: 'output', port: from }, to: { node: node.key, side: 'outbound', port } });
      });
    }
  }

  return { edges, uses };
}
