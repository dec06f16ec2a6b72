import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { KindDefinition } from '@flowc/runtime/core/kind';
import { mockKind, TEST_KINDS } from '@flowc/runtime/kinds/index';
import type { KindEntry } from '../kinds/registry.ts';
import type { GraphEdge, GraphNode } from '../resolve/graph.ts';

/** What a test build changes: the nodes (by key) whose kind is replaced by a mock the case answers for. */
export interface TestBuild {
  readonly mocks: readonly string[];
}

const runtimeRoot = dirname(createRequire(import.meta.url).resolve('@flowc/runtime/package.json'));

const MOCK_ENTRY: KindEntry = {
  definition: mockKind as KindDefinition<never>,
  implementation: mockKind.implementation,
  origin: '@flowc/runtime/kinds',
  definitionModule: { file: join(runtimeRoot, 'src', 'kinds', 'mock.ts'), exports: { default: mockKind } },
};

/** Whether a node is a test node (uniflow's `test`/`assert`), which only test builds keep. */
export function isTestNode(node: GraphNode): boolean {
  return TEST_KINDS.has(node.kind.definition.kind) && node.kind.origin === MOCK_ENTRY.origin;
}

/**
 * The nodes a production build emits: no test node, and no node that only test nodes reach (the
 * fixtures a uniflow test wires in front of the workflow), nor anything inside such a node.
 */
export function productionNodes(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): GraphNode[] {
  const removed = new Set(nodes.filter(isTestNode).map((n) => n.key));
  if (removed.size === 0) return [...nodes];
  const senders = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (edge.to.side !== 'input' || edge.from.node === edge.to.node) continue;
    let from = senders.get(edge.to.node);
    if (!from) senders.set(edge.to.node, (from = new Set()));
    from.add(edge.from.node);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const node of nodes) {
      if (removed.has(node.key)) continue;
      const from = senders.get(node.key);
      const orphan = (node.parent !== undefined && removed.has(node.parent)) || (from !== undefined && from.size > 0 && [...from].every((k) => removed.has(k)));
      if (orphan) {
        removed.add(node.key);
        changed = true;
      }
    }
  }
  return nodes.filter((n) => !removed.has(n.key));
}

/** The nodes of a test build: every node, the mocked ones standing in as mocks with the same ports. */
export function testBuildNodes(nodes: readonly GraphNode[], build: TestBuild): GraphNode[] {
  const mocked = new Set(build.mocks);
  return nodes.map((node) => (mocked.has(node.key) ? asMock(node) : node));
}

function asMock(node: GraphNode): GraphNode {
  const outputs = node.outputs;
  const out = outputs.has('out') ? (outputs.get('out')?.indexed ? 'out[0]' : 'out') : undefined;
  const fields: Record<string, unknown> = { inputs: [...node.inputs.keys()] };
  if (out) fields.out = out;
  if (outputs.has('error')) fields.error = 'error';
  return { ...node, kind: MOCK_ENTRY, fields, env: undefined };
}
