import { callHook } from '../kinds/hooks.ts';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { isTemplate } from '@flowc/runtime/core/template';
import type { FieldPath, Wiring } from '@flowc/runtime/core/kind';
import { celModuleKey, encodeCel } from '@flowc/runtime/lang/cel';
import { analyseCel } from '@flowc/runtime/lang/cel-check';
import type { Diagnostics } from '../diagnostics/diagnostic.ts';
import { guarded } from '../diagnostics/guard.ts';
import { expressionProblem, kindProblem } from '../diagnostics/messages.ts';
import type { Graph, GraphNode } from '../resolve/graph.ts';
import type { CodeModule, LoweredFields } from './fields.ts';

const runtimeRoot = dirname(createRequire(import.meta.url).resolve('@flowc/runtime/package.json'));

/**
 * The build-time work a kind declares on its fields: every CEL expression (`expressions` hook) is parsed
 * and checked, then given a small generated module (see lang/cel-module.ts) carrying its parsed form and
 * the CEL engine, so the program never parses it again and only bundles with expressions carry the
 * engine. The `check` hook then judges the fields against the node's wiring.
 *
 * An expression holding a `{{ }}` template is not checked: its text is only known once the template is
 * rendered at start, where it is parsed and checked instead. Its module carries the engine alone.
 */
export function lowerExpressions(graph: Graph, nodes: readonly GraphNode[], lowered: ReadonlyMap<string, LoweredFields>, diagnostics: Diagnostics): void {
  const wiring = wiringByNode(graph);
  for (const node of nodes) {
    const where = { at: node.resource.locate(node.base), node: node.key };
    guarded(diagnostics, `checking the expressions and fields of node \`${node.key}\``, where, () => lowerNode(node, lowered.get(node.key), wiring.get(node.key)!, diagnostics), undefined);
  }
}

function lowerNode(node: GraphNode, low: LoweredFields | undefined, wiring: Wiring, diagnostics: Diagnostics): void {
  const definition = node.kind.definition;
  const at = node.resource.locate(node.base);
  const expressions = definition.expressions && callHook(definition, 'expressions', () => definition.expressions!(node.fields), at, node.key, diagnostics);
  for (const { path, source } of expressions ?? []) {
    if (isTemplate(source)) {
      if (low) low.modules[celModuleKey(path)] = celModule(path, undefined);
      continue;
    }
    const { parsed, problems } = analyseCel(source);
    for (const problem of problems) {
      diagnostics.report(expressionProblem(problem), { at: node.resource.locateInString([...node.base, ...path], problem.line, problem.column), node: node.key });
    }
    if (parsed && problems.length === 0 && low) low.modules[celModuleKey(path)] = celModule(path, encodeCel(parsed));
  }
  const problems = definition.check && callHook(definition, 'check', () => definition.check!(node.fields, wiring), at, node.key, diagnostics);
  for (const problem of problems ?? []) {
    diagnostics.report(kindProblem(problem), { at: node.resource.locate([...node.base, ...problem.path]), node: node.key });
  }
}

function celModule(path: FieldPath, parsed: string | undefined): CodeModule {
  const lines = ["export { celProgram } from '@flowc/runtime/lang/cel';"];
  if (parsed !== undefined) lines.push(`export const parsed = ${JSON.stringify(parsed)};`);
  return { field: celModuleKey(path), loader: 'ts', contents: `${lines.join('\n')}\n`, resolveDir: runtimeRoot };
}

/** What each node's `check` hook sees: its connected ports and the indexed ports in use. */
function wiringByNode(graph: Graph): Map<string, Wiring> {
  const byNode = new Map<string, { outputs: Set<string>; inputs: Set<string>; indexed: Readonly<Record<string, number>> }>();
  for (const node of graph.nodes) byNode.set(node.key, { outputs: new Set(), inputs: new Set(), indexed: node.indexed });
  const of = (key: string): { outputs: Set<string>; inputs: Set<string> } => byNode.get(key)!;
  for (const { from, to } of graph.edges) {
    if (from.side === 'output') of(from.node).outputs.add(from.port);
    if (to.side === 'input') of(to.node).inputs.add(to.port);
  }
  return byNode;
}
