import { callHook } from '../kinds/hooks.ts';
import { createHash } from 'node:crypto';
import type { Expansion as KindExpansion, PortRef } from '@flowc/runtime/core/kind';
import type { Diagnostics, Note } from '../diagnostics/diagnostic.ts';
import { LIMITS } from '../diagnostics/limits.ts';
import { chartCycle, limitExceeded, templateSyntax, unknownKind } from '../diagnostics/messages.ts';
import { instanceEnv, renderKnown, type ChartDef } from '../charts/chart.ts';
import type { KindEntry, PortDecl } from '../kinds/registry.ts';
import type { LocatedResource, Path } from '../parse/document.ts';
import { kindFields, type SpecValidator } from '../validate/validate.ts';
import type { GraphNode, Site } from './types.ts';

type PortRefs = Readonly<Record<string, readonly PortRef[]>>;

/** A composite's outer ports and the inner nodes (in `scope`) they route to or from. */
export interface Bounds {
  readonly scope: string;
  readonly inbounds: PortRefs;
  readonly outbounds: PortRefs;
  readonly site: Site;
}

/** One valid spec, with the inner specs of a composite as its children. */
export interface ExpandedSpec {
  readonly node: GraphNode;
  /** The name written in the spec; unnamed specs (`nop#3`) cannot be referred to by name. */
  readonly name: string | undefined;
  /** The spec's own `ports`, linked in a later step. */
  readonly ports: PortRefs;
  readonly children: readonly ExpandedSpec[];
  /** Set on composites whose inner specs were expanded. */
  readonly bounds: Bounds | undefined;
}

export interface Expansion {
  /** The top-level specs, in input order. */
  readonly roots: readonly ExpandedSpec[];
  /** `scope NUL name` of specs that failed validation: already reported, so references to them are not. */
  readonly broken: ReadonlySet<string>;
  readonly namespaces: readonly string[];
}

/** A spec to expand and where it sits: its resource, scope, and the composite it belongs to. */
interface Placement {
  readonly resource: LocatedResource;
  readonly data: Record<string, unknown>;
  readonly base: Path;
  readonly scope: string;
  readonly namespace: string;
  readonly parent: GraphNode | undefined;
  readonly env: Record<string, unknown> | undefined;
  readonly notes: readonly Note[];
}

interface Context {
  readonly kinds: ReadonlyMap<string, KindEntry>;
  readonly charts: ReadonlyMap<string, ReadonlyMap<string, KindEntry>>;
  readonly validator: SpecValidator;
  readonly diagnostics: Diagnostics;
  readonly broken: Set<string>;
  /** Numbers unnamed specs (`nop#3`) in the order they are met. */
  unnamed: number;
  /** Valid nodes so far, and whether LIMITS.expandedNodes was reached (then nothing more is expanded). */
  nodes: number;
  exhausted: boolean;
}

/**
 * Validates every spec and expands composites (block, step and charts) into their inner specs, each
 * in the private scope `namespace/outer…`. Invalid specs are left out (their names kept in `broken`).
 */
export function expandSpecs(
  resources: readonly LocatedResource[],
  kinds: ReadonlyMap<string, KindEntry>,
  charts: ReadonlyMap<string, ReadonlyMap<string, KindEntry>>,
  validator: SpecValidator,
  diagnostics: Diagnostics,
): Expansion {
  const ctx: Context = { kinds, charts, validator, diagnostics, broken: new Set(), unnamed: 0, nodes: 0, exhausted: false };
  const namespaces = new Set<string>();
  const roots: ExpandedSpec[] = [];
  for (const resource of resources) {
    const data = resource.data;
    const namespace = typeof data.namespace === 'string' && data.namespace ? data.namespace : 'default';
    namespaces.add(namespace);
    const spec = expandSpec(ctx, { resource, data, base: [], scope: namespace, namespace, parent: undefined, env: undefined, notes: [] }, []);
    if (spec) roots.push(spec);
  }
  return { roots, broken: ctx.broken, namespaces: [...namespaces].sort() };
}

function expandSpec(ctx: Context, at: Placement, ancestors: readonly GraphNode[]): ExpandedSpec | undefined {
  const { resource, base, scope, namespace, parent } = at;
  const raw = at.data;
  const sink = ctx.diagnostics.withNotes(at.notes);
  if (ctx.exhausted) return undefined;
  const kindName = typeof raw.kind === 'string' ? raw.kind : undefined;
  const name = typeof raw.name === 'string' && raw.name ? raw.name : undefined;
  const display = name ?? `${kindName ?? 'spec'}#${ctx.unnamed++}`;
  const key = parent ? `${parent.key}/${display}` : display;
  const kind = kindName === undefined ? undefined : (ctx.kinds.get(kindName) ?? ctx.charts.get(namespace)?.get(kindName));
  if (kindName !== undefined && !kind) {
    const known = [...ctx.kinds.keys(), ...(ctx.charts.get(namespace)?.keys() ?? [])];
    const elsewhere = [...ctx.charts.entries()].find(([ns, table]) => ns !== namespace && table.has(kindName))?.[0];
    sink.report(unknownKind(kindName, known, namespace, elsewhere), { at: resource.locate([...base, 'kind']), node: key });
  }
  // The spec in the form flowc reads (uniflow's other forms rewritten), or undefined when invalid.
  const data = ctx.validator.validate(resource, raw, base, kind, key, sink);
  if (!kind || !data || overLimit(ctx, at, key)) {
    if (name !== undefined) ctx.broken.add(`${scope}\u0000${name}`);
    return undefined;
  }

  const fields = kindFields(data);
  const node: GraphNode = {
    key,
    id: typeof data.id === 'string' ? data.id : stableId(scope, name ?? key),
    name: name ?? key,
    scope,
    namespace,
    kind,
    fields,
    env: parent ? at.env : (data.env as Record<string, unknown> | undefined),
    resource,
    base,
    parent: parent?.key,
    notes: at.notes,
    inputs: new Map(Object.entries(kind.definition.inputs)),
    outputs: new Map(Object.entries(kind.definition.outputs)),
    indexed: {},
  };
  const ports = (data.ports ?? {}) as PortRefs;
  const inner = `${scope}/${node.name}`;
  const lineage = [...ancestors, node];
  const composite = kind.chart !== undefined || kind.definition.expand !== undefined;
  if (composite && ancestors.length + 1 >= LIMITS.compositeDepth.max) {
    sink.report(limitExceeded('compositeDepth', ancestors.length + 2, 'composites nest too deeply'), { at: resource.locate([...base, 'kind']), node: key });
    return { node, name, ports, children: [], bounds: undefined };
  }
  if (kind.chart) {
    const chart = kind.chart;
    const cycle = expandsItself(ctx, node, chart, ancestors);
    if (cycle) return { node, name, ports, children: [], bounds: undefined };
    const notes = chartNotes(node, chart);
    const env = chartEnv(ctx, node, chart, data, notes);
    const children = chart.specs.flatMap((spec, i) => {
      const own = (spec.env ?? undefined) as Record<string, unknown> | undefined;
      const placement = { resource: chart.resource, data: spec, base: ['specs', i], scope: inner, namespace, parent: node, env: env ?? own, notes };
      return expandSpec(ctx, placement, lineage) ?? [];
    });
    const bounds: Bounds = { scope: inner, inbounds: chart.inbounds, outbounds: chart.outbounds, site: { resource: chart.resource, path: [], notes } };
    return { node: withBounds(node, bounds), name, ports, children, bounds };
  }
  if (kind.definition.expand) {
    const expand = kind.definition.expand;
    const expansion: KindExpansion | undefined = callHook(kind.definition, 'expand', () => expand(fields), resource.locate(base), key, sink);
    if (!expansion) return { node, name, ports, children: [], bounds: undefined };
    const children = expansion.specs.flatMap((child) => {
      const placement = { resource, data: child.spec, base: [...base, ...child.path], scope: inner, namespace, parent: node, env: node.env, notes: at.notes };
      return expandSpec(ctx, placement, lineage) ?? [];
    });
    const bounds: Bounds = { scope: inner, inbounds: expansion.inbounds, outbounds: expansion.outbounds, site: { resource, path: base, notes: at.notes } };
    return { node: withBounds(node, bounds), name, ports, children, bounds };
  }
  return { node, name, ports, children: [], bounds: undefined };
}

/** Counts the node; past LIMITS.expandedNodes the expansion stops, with one diagnostic where it crossed. */
function overLimit(ctx: Context, at: Placement, key: string): boolean {
  if (++ctx.nodes <= LIMITS.expandedNodes.max) return false;
  ctx.exhausted = true;
  const where = at.parent ? 'the composites expand into too many nodes' : 'the specs hold too many nodes';
  ctx.diagnostics.withNotes(at.notes).report(limitExceeded('expandedNodes', ctx.nodes, where), { at: at.resource.locate([...at.base, 'kind']), node: key });
  return true;
}

/** A composite also has the outer ports its inbounds and outbounds name. */
function withBounds(node: GraphNode, bounds: Bounds): GraphNode {
  const add = (decls: ReadonlyMap<string, PortDecl>, ports: PortRefs): ReadonlyMap<string, PortDecl> => {
    const all = new Map(decls);
    for (const port of Object.keys(ports)) if (!all.has(port)) all.set(port, {});
    return all;
  };
  return { ...node, inputs: add(node.inputs, bounds.inbounds), outputs: add(node.outputs, bounds.outbounds) };
}

function chartNotes(node: GraphNode, chart: ChartDef): Note[] {
  const at = node.resource.locate([...node.base, 'kind']);
  return [{ message: `in chart \`${chart.name}\`, used by node \`${node.key}\` here`, ...at }, ...node.notes];
}

/** True (and reported) when the chart is already being expanded by one of the node's ancestors. */
function expandsItself(ctx: Context, node: GraphNode, chart: ChartDef, ancestors: readonly GraphNode[]): boolean {
  if (!ancestors.some((a) => a.kind.chart?.name === chart.name)) return false;
  ctx.diagnostics.withNotes(node.notes).report(chartCycle(chart.name, node.key), { at: node.resource.locate([...node.base, 'kind']), node: node.key });
  return true;
}

/** The env of one chart instance, rendered with the using node's fields; undefined when the chart has none. */
function chartEnv(ctx: Context, node: GraphNode, chart: ChartDef, data: Record<string, unknown>, notes: readonly Note[]): Record<string, unknown> | undefined {
  const using = { ...(renderKnown(data, node.env) as Record<string, unknown>), id: node.id, name: node.name, namespace: node.namespace };
  const env = instanceEnv(chart, using, (key, message) =>
    ctx.diagnostics.withNotes(notes).report(templateSyntax(message, key), { at: chart.resource.locate(['env', key]), node: node.key }),
  );
  return Object.keys(env).length > 0 ? env : undefined;
}

/** A deterministic UUID-shaped id for specs written without one, so rebuilds hash the same. */
export function stableId(scope: string, name: string): string {
  const h = createHash('sha256').update(`${scope}\u0000${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
