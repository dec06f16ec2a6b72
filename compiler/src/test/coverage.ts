import type { CoverageItem, CoverageSection, TestCoverage } from '../api/types.ts';
import type { Graph, GraphNode } from '../resolve/graph.ts';
import type { CaseRecorder } from './recorder.ts';
import { productionNodes } from './select.ts';

/**
 * Graph coverage, gathered over every case of a run: which nodes received or sent a packet, which
 * wired out-ports fired, and which router routes, switch matches and if branches were taken.
 */
export class CoverageCollector {
  /** `file\0node` → the graph node, for every node a production build of the specs keeps. */
  private readonly nodes = new Map<string, GraphNode>();
  private readonly ports = new Map<string, { file: string; node: string; port: string }>();
  private readonly branches = new Map<string, { file: string; node: string; port: string }>();
  private readonly hitNodes = new Set<string>();
  private readonly hitPorts = new Set<string>();

  /** Registers what there is to cover in one workflow (once per set of spec files). */
  add(graph: Graph, namespace: string): void {
    const all = graph.nodes.filter((n) => n.namespace === namespace);
    const kept = productionNodes(all, graph.edges);
    const keys = new Set(kept.map((n) => n.key));
    for (const node of kept) this.nodes.set(id(node, node.key), node);
    for (const edge of graph.edges) {
      if (edge.from.side !== 'output' || !keys.has(edge.from.node) || !keys.has(edge.to.node)) continue;
      const node = kept.find((n) => n.key === edge.from.node)!;
      this.ports.set(id(node, `${edge.from.node} ${edge.from.port}`), { file: node.resource.file, node: node.key, port: edge.from.port });
    }
    for (const node of kept) for (const port of branchPorts(node)) this.branches.set(id(node, `${node.key} ${port}`), { file: node.resource.file, node: node.key, port });
  }

  /** Adds what one case of a workflow (by any one of its nodes' file) moved. */
  record(recorder: CaseRecorder, graph: Graph, namespace: string): void {
    const files = new Map(graph.nodes.filter((n) => n.namespace === namespace).map((n) => [n.key, n.resource.file]));
    for (const node of recorder.received.keys()) this.hitNodes.add(`${files.get(node)}\u0000${node}`);
    for (const key of recorder.fired) {
      const node = key.slice(0, key.indexOf(' '));
      this.hitNodes.add(`${files.get(node)}\u0000${node}`);
      this.hitPorts.add(`${files.get(node)}\u0000${key}`);
    }
  }

  result(): TestCoverage {
    const nodes = section([...this.nodes].map(([key, n]) => ({ file: n.resource.file, node: n.key, covered: this.hitNodes.has(key) })));
    const ports = section([...this.ports].map(([key, p]) => ({ ...p, covered: this.hitPorts.has(key) })));
    const branches = section([...this.branches].map(([key, p]) => ({ ...p, covered: this.hitPorts.has(key) })));
    const total = nodes.total + ports.total + branches.total;
    const covered = nodes.covered + ports.covered + branches.covered;
    return { nodes, ports, branches, percent: percent(covered, total) };
  }
}

function id(node: GraphNode, rest: string): string {
  return `${node.resource.file}\u0000${rest}`;
}

/** The out-ports a router's routes, a switch's matches or an if's two branches send to. */
function branchPorts(node: GraphNode): string[] {
  const kind = node.kind.definition.kind;
  const fields = node.fields;
  const normal = (port: unknown): string | undefined => (typeof port !== 'string' ? undefined : port === 'out' ? 'out[0]' : port);
  if (kind === 'if') return ['out[0]', 'out[1]'];
  if (kind === 'router' && Array.isArray(fields.routes)) return unique(fields.routes.map((r) => normal((r as { port?: unknown }).port)));
  if (kind === 'switch' && Array.isArray(fields.matches)) return unique(fields.matches.map((m) => normal((m as { port?: unknown }).port)));
  return [];
}

function unique(ports: Array<string | undefined>): string[] {
  return [...new Set(ports.filter((p): p is string => p !== undefined))];
}

function section(items: CoverageItem[]): CoverageSection {
  const covered = items.filter((i) => i.covered).length;
  return { total: items.length, covered, percent: percent(covered, items.length), items };
}

function percent(covered: number, total: number): number {
  return total === 0 ? 100 : Math.round((covered / total) * 1000) / 10;
}
