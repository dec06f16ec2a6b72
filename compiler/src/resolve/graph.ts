import { createHash } from 'node:crypto';
import type { Diagnostics, Note } from '../diagnostics/diagnostic.ts';
import { instanceEnv, renderKnown, type ChartDef } from '../charts/chart.ts';
import { didYouMean } from '../diagnostics/suggest.ts';
import type { LocatedResource, Path } from '../parse/document.ts';
import { HOOK_PORTS, type KindEntry, type PortDecl } from '../kinds/registry.ts';
import { kindFields, type SpecValidator } from '../validate/validate.ts';
import { callHook } from '../kinds/hooks.ts';
import type { Expansion, PortRef } from '@flowc/runtime/core/kind';

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
  readonly indexed: Record<string, number>;
}

export interface Graph {
  readonly namespaces: readonly string[];
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

interface Pending {
  readonly node: GraphNode;
  readonly data: Record<string, unknown>;
}

interface Scope {
  readonly byName: Map<string, GraphNode>;
  readonly byId: Map<string, GraphNode>;
}

const PORT_NAME = /^([A-Za-z_$][\w$-]*)(?:\[(\d+)\])?$/;

/** Splits `out[2]` into `out` and 2; undefined when the name is malformed. */
export function parsePortName(port: string): { base: string; index: number | undefined } | undefined {
  const m = PORT_NAME.exec(port);
  if (!m) return undefined;
  return { base: m[1]!, index: m[2] === undefined ? undefined : Number(m[2]) };
}

/** Where a reference was written: the resource and path to point at, and the notes to attach. */
interface Site {
  readonly resource: LocatedResource;
  readonly path: Path;
  readonly notes: readonly Note[];
}

/**
 * Resolves specs into the static graph: validates each spec, expands composites (block, step and
 * charts) into private scopes, and turns every `ports` reference into a typed edge inside one scope.
 * `charts` holds the chart kinds of each namespace; a chart kind is usable only in its namespace.
 */
export function resolveGraph(
  resources: readonly LocatedResource[],
  kinds: ReadonlyMap<string, KindEntry>,
  validator: SpecValidator,
  diagnostics: Diagnostics,
  charts: ReadonlyMap<string, ReadonlyMap<string, KindEntry>> = new Map(),
): Graph {
  const scopes = new Map<string, Scope>();
  const nodes: GraphNode[] = [];
  const pending: Pending[] = [];
  const edges: GraphEdge[] = [];
  const pendingBounds: Array<{ node: GraphNode; inner: string; expansion: Expansion; site: Site }> = [];
  const namespaces = new Set<string>();
  /** `scope NUL name` of specs that failed validation: already reported, not to be reported again. */
  const broken = new Set<string>();
  let unnamed = 0;

  const scopeOf = (name: string): Scope => {
    let scope = scopes.get(name);
    if (!scope) scopes.set(name, (scope = { byName: new Map(), byId: new Map() }));
    return scope;
  };

  const kindFor = (name: string, namespace: string): KindEntry | undefined => kinds.get(name) ?? charts.get(namespace)?.get(name);

  const addSpec = (
    resource: LocatedResource,
    data: Record<string, unknown>,
    base: Path,
    scope: string,
    namespace: string,
    parent: GraphNode | undefined,
    env: Record<string, unknown> | undefined,
    notes: readonly Note[],
  ): void => {
    const sink = diagnostics.withNotes(notes);
    const kindName = typeof data.kind === 'string' ? data.kind : undefined;
    const name = typeof data.name === 'string' && data.name ? data.name : undefined;
    const display = name ?? `${kindName ?? 'spec'}#${unnamed++}`;
    const key = parent ? `${parent.key}/${display}` : display;
    const kind = kindName === undefined ? undefined : kindFor(kindName, namespace);
    if (kindName !== undefined && !kind) {
      const known = [...kinds.keys(), ...(charts.get(namespace)?.keys() ?? [])];
      const elsewhere = [...charts.entries()].find(([ns, table]) => ns !== namespace && table.has(kindName))?.[0];
      sink.report({
        code: 'UNKNOWN_KIND',
        message: `unknown node kind \`${kindName}\``,
        at: resource.locate([...base, 'kind']),
        node: key,
        hint: elsewhere
          ? `\`${kindName}\` is a chart of namespace \`${elsewhere}\`, not \`${namespace}\``
          : (didYouMean(kindName, known) ?? `known kinds: ${known.sort().join(', ')}`),
      });
    }
    const valid = validator.validate(resource, data, base, kind, key, sink);
    if (!kind || !valid) {
      // Still known by name, so references to it do not cascade into UNKNOWN_NODE errors.
      if (name !== undefined && !scopeOf(scope).byName.has(name)) broken.add(`${scope}\u0000${name}`);
      return;
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
      env: parent ? env : (data.env as Record<string, unknown> | undefined),
      resource,
      base,
      parent: parent?.key,
      notes,
      inputs: new Map(Object.entries(kind.definition.inputs)),
      outputs: new Map(Object.entries(kind.definition.outputs)),
      indexed: {},
    };
    const table = scopeOf(scope);
    const previous = name === undefined ? undefined : table.byName.get(name);
    if (previous) {
      const first = previous.resource.locate([...previous.base, 'name']);
      sink.report({
        code: 'DUPLICATE_NAME',
        message: `a node named \`${name}\` already exists in ${describeScope(scope)}`,
        at: resource.locate([...base, 'name']),
        node: key,
        hint: `rename one of them; the first is at ${first.file}:${first.line}:${first.column}`,
      });
      return;
    }
    if (name !== undefined) table.byName.set(name, node);
    table.byId.set(node.id, node);
    nodes.push(node);
    pending.push({ node, data });
    if (kind.chart) expandChart(node, kind.chart, data);
    else if (kind.definition.expand) {
      const expand = kind.definition.expand;
      const expansion = callHook(kind.definition, 'expand', () => expand(fields), resource.locate(base), key, sink);
      if (!expansion) return;
      const inner = `${scope}/${node.name}`;
      for (const child of expansion.specs) addSpec(resource, child.spec, [...base, ...child.path], inner, namespace, node, node.env, notes);
      addBounds(node, inner, expansion, { resource, path: base, notes });
    }
  };

  const addBounds = (node: GraphNode, inner: string, expansion: Expansion, site: Site): void => {
    const inputs = node.inputs as Map<string, PortDecl>;
    const outputs = node.outputs as Map<string, PortDecl>;
    for (const port of Object.keys(expansion.inbounds)) if (!inputs.has(port)) inputs.set(port, {});
    for (const port of Object.keys(expansion.outbounds)) if (!outputs.has(port)) outputs.set(port, {});
    pendingBounds.push({ node, inner, expansion, site });
  };

  /** Instantiates a chart: inner specs are located in the chart file, with a note at the using spec. */
  const expandChart = (node: GraphNode, chart: ChartDef, data: Record<string, unknown>): void => {
    const at = node.resource.locate([...node.base, 'kind']);
    const notes: Note[] = [{ message: `in chart \`${chart.name}\`, used by node \`${node.key}\` here`, ...at }, ...node.notes];
    for (let p = node.parent; p !== undefined; p = parentOf(p)) {
      if (nodeByKey(p)?.kind.chart?.name !== chart.name) continue;
      diagnostics.withNotes(node.notes).report({
        code: 'CHART_CYCLE',
        message: `chart \`${chart.name}\` uses itself (through \`${node.key}\`)`,
        at,
        node: node.key,
        hint: 'charts may use other charts, but not in a cycle; break the cycle',
      });
      return;
    }
    const using = { ...(renderKnown(data, node.env) as Record<string, unknown>), id: node.id, name: node.name, namespace: node.namespace };
    const env = instanceEnv(chart, using, (key, message) =>
      diagnostics.withNotes(notes).report({
        code: 'TEMPLATE_SYNTAX',
        message: `chart env \`${key}\`: ${message}`,
        at: chart.resource.locate(['env', key]),
        node: node.key,
        hint: 'a chart env entry without `name`/`id` is rendered with the using node\'s fields: `{{ .file }}`',
      }),
    );
    const hasEnv = Object.keys(env).length > 0;
    const inner = `${node.scope}/${node.name}`;
    chart.specs.forEach((spec, i) => {
      const own = (spec.env ?? undefined) as Record<string, unknown> | undefined;
      addSpec(chart.resource, spec, ['specs', i], inner, node.namespace, node, hasEnv ? env : own, notes);
    });
    addBounds(node, inner, { specs: [], inbounds: chart.inbounds, outbounds: chart.outbounds }, { resource: chart.resource, path: [], notes });
  };

  const byKey = new Map<string, GraphNode>();
  const nodeByKey = (key: string): GraphNode | undefined => {
    if (byKey.size !== nodes.length) for (const n of nodes) byKey.set(n.key, n);
    return byKey.get(key);
  };
  const parentOf = (key: string): string | undefined => nodeByKey(key)?.parent;

  for (const resource of resources) {
    const data = resource.data;
    const namespace = typeof data.namespace === 'string' && data.namespace ? data.namespace : 'default';
    namespaces.add(namespace);
    addSpec(resource, data, [], namespace, namespace, undefined, undefined, []);
  }

  const lookup = (scope: string, ref: PortRef): GraphNode | undefined => {
    const table = scopes.get(scope);
    if (ref.id !== undefined) return table?.byId.get(ref.id);
    return ref.name === undefined ? undefined : table?.byName.get(ref.name);
  };

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
    const index = parsed.index ?? 0;
    const counts = node.indexed;
    counts[parsed.base] = Math.max(counts[parsed.base] ?? 0, index + 1);
    return `${parsed.base}[${index}]`;
  };

  const resolveRef = (owner: GraphNode, scope: string, ref: PortRef, site: Site): GraphNode | undefined => {
    const target = lookup(scope, ref);
    if (target) return target;
    if (ref.optional || (ref.name !== undefined && broken.has(`${scope}\u0000${ref.name}`))) return undefined;
    const sink = diagnostics.withNotes(site.notes);
    const label = ref.name ?? ref.id ?? '(no name or id)';
    const elsewhere = [...scopes.entries()].find(([s, t]) => s !== scope && !s.includes('/') && (ref.id !== undefined ? t.byId.has(ref.id) : t.byName.has(ref.name ?? '')));
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
    const candidates = [...(scopes.get(scope)?.byName.keys() ?? [])];
    sink.report({
      code: 'UNKNOWN_NODE',
      message: `no node \`${label}\` in ${describeScope(scope)}`,
      at: site.resource.locate(site.path),
      node: owner.key,
      hint: (ref.name ? didYouMean(ref.name, candidates) : undefined) ?? `define a node named \`${label}\` or fix the reference`,
    });
    return undefined;
  };

  for (const { node, data } of pending) {
    const ports = (data.ports ?? {}) as Record<string, PortRef[]>;
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

  for (const { node, inner, expansion, site } of pendingBounds) {
    const at = (kind: string, port: string, i: number): Site => ({ ...site, path: [...site.path, kind, port, i] });
    for (const [port, refs] of Object.entries(expansion.inbounds)) {
      refs.forEach((ref, i) => {
        const target = resolveRef(node, inner, ref, at('inbounds', port, i));
        const to = target && checkPort(target, ref.port, 'input', at('inbounds', port, i), ref.optional ?? false);
        if (target && to) edges.push({ from: { node: node.key, side: 'inbound', port }, to: { node: target.key, side: 'input', port: to } });
      });
    }
    for (const [port, refs] of Object.entries(expansion.outbounds)) {
      refs.forEach((ref, i) => {
        const source = resolveRef(node, inner, ref, at('outbounds', port, i));
        const from = source && checkPort(source, ref.port, 'output', at('outbounds', port, i), ref.optional ?? false);
        if (source && from) edges.push({ from: { node: source.key, side: 'output', port: from }, to: { node: node.key, side: 'outbound', port } });
      });
    }
  }

  return { namespaces: [...namespaces].sort(), nodes, edges };
}

function describeScope(scope: string): string {
  const slash = scope.indexOf('/');
  return slash === -1 ? `namespace \`${scope}\`` : `the inner specs of \`${scope.slice(slash + 1)}\``;
}

/** A deterministic UUID-shaped id for specs written without one, so rebuilds hash the same. */
export function stableId(scope: string, name: string): string {
  const h = createHash('sha256').update(`${scope}\u0000${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
