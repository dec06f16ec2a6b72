import { CEL_MAX_DEPTH, CEL_MAX_SIZE } from '@flowc/runtime/lang/cel-check';

/** A limit the compiler enforces, so no input can exhaust its stack, memory or time. docs/limits.md lists them. */
export interface Limit {
  readonly max: number;
  /** What is counted, after the number: `levels`, `nodes`. */
  readonly unit: string;
  /** What to do when a spec is over it. */
  readonly hint: string;
}

/** Every limit, by the name diagnostics give it. */
export const LIMITS = {
  /** Maps and lists inside one another in a YAML or JSON document (a snippet's json/yaml code included). */
  documentDepth: { max: 500, unit: 'levels', hint: 'flatten the document: nest maps and lists less deeply' },
  /** Values in one document once every alias (`*name`) is expanded. */
  documentValues: { max: 250_000, unit: 'values', hint: 'an alias copies what its anchor holds: use fewer or smaller aliases' },
  /** Composites (block, step, charts) inside one another. */
  compositeDepth: { max: 64, unit: 'levels', hint: 'nest composites less deeply; a chart that uses itself is reported as CHART_CYCLE' },
  /** Nodes of one build once every composite is expanded. */
  expandedNodes: { max: 10_000, unit: 'nodes', hint: 'a chart used n times expands n times: use fewer instances, or charts that do not multiply at every level' },
  /** The index of an indexed port (`out[N]`, `in[N]`): the runtime allocates every port up to it. */
  portIndex: { max: 1023, unit: '', hint: 'number indexed ports from 0 without gaps' },
  /** Characters of one CEL expression. */
  expressionSize: { max: CEL_MAX_SIZE, unit: 'characters', hint: 'split the expression, or compute part of it in a snippet' },
  /** Nesting of one CEL expression: brackets, and operators applied to the result of others. */
  expressionDepth: { max: CEL_MAX_DEPTH, unit: 'levels', hint: 'split the expression into several nodes, or use a list and a macro (`.all`, `.map`) instead of a long chain' },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;
