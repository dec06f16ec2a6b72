import { Type } from '@sinclair/typebox';
import { defineKind, type FieldProblem } from '../core/kind.ts';
import { portIndex } from '../core/port-index.ts';
import { duration } from '../core/schema.ts';

const match = Type.Object({
  when: Type.String({ minLength: 1, description: 'CEL expression; `self` is the input' }),
  port: Type.String({ pattern: '^out(\\[\\d+\\])?$', description: 'where a matching input goes: `out` or `out[N]`' }),
});

function matchesOf(fields: Record<string, unknown>): ReadonlyArray<Partial<Record<keyof typeof match.properties, unknown>>> {
  return Array.isArray(fields.matches) ? (fields.matches as Array<Partial<Record<keyof typeof match.properties, unknown>>>) : [];
}

/** Sends the input to the port of the first match whose CEL condition is truthy. */
export default defineKind({
  kind: 'switch',
  description: 'Evaluates CEL conditions in order; the first truthy one sends the input to its `out[N]`. No match echoes the input.',
  schema: Type.Object({
    matches: Type.Array(match, { minItems: 1, description: 'conditions tried in order; the first truthy one sends the input to its port' }),
    timeout: Type.Optional(duration),
  }),
  inputs: { in: {} },
  outputs: { out: { indexed: true }, error: {} },
  implementation: '@flowc/runtime/nodes/switch',
  expressions: (fields) =>
    matchesOf(fields).flatMap((m, i) => (typeof m.when === 'string' ? [{ path: ['matches', i, 'when'], source: m.when }] : [])),
  check(fields, wiring) {
    const problems: FieldProblem[] = [];
    matchesOf(fields).forEach((m, i) => {
      const index = portIndex(m.port);
      if (index === undefined || wiring.outputs.has(`out[${index}]`)) return;
      problems.push({
        code: 'UNWIRED_PORT',
        path: ['matches', i, 'port'],
        message: `\`matches[${i}]\` sends to \`out[${index}]\`, which this node's \`ports\` does not connect`,
        hint: `add \`out[${index}]:\` with a target under \`ports\`, or send the match to a connected port`,
      });
    });
    return problems;
  },
});
