import { defineKind, type FieldProblem } from '../core/kind.ts';
import { duration } from '../core/schema.ts';
import { parseDuration } from '../core/duration.ts';
import { toError } from '../core/packet.ts';
import type { OutPort } from '../core/port.ts';
import { celPredicate, type CelProgram } from '../lang/cel.ts';

interface Match {
  when: string;
  port: string;
}

interface SwitchFields {
  matches: Match[];
  timeout?: number | string;
}

/** `out[2]` → 2; plain `out` is `out[0]`, as on every indexed port. */
function portIndex(port: unknown): number | undefined {
  if (port === 'out') return 0;
  const match = typeof port === 'string' ? /^out\[(\d+)\]$/.exec(port) : null;
  return match ? Number(match[1]) : undefined;
}

function matchesOf(fields: Record<string, unknown>): ReadonlyArray<Partial<Record<keyof Match, unknown>>> {
  return Array.isArray(fields.matches) ? (fields.matches as Array<Partial<Record<keyof Match, unknown>>>) : [];
}

/** Sends the input to the port of the first match whose CEL condition is truthy. */
export const switchKind = defineKind<SwitchFields>({
  kind: 'switch',
  description: 'Evaluates CEL conditions in order; the first truthy one sends the input to its `out[N]`. No match echoes the input.',
  schema: {
    type: 'object',
    properties: {
      matches: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: {
            when: { type: 'string', minLength: 1, description: 'CEL expression; `self` is the input' },
            port: { type: 'string', pattern: '^out(\\[\\d+\\])?$' },
          },
          required: ['when', 'port'],
        },
      },
      timeout: duration,
    },
    required: ['matches'],
  },
  inputs: { in: {} },
  outputs: { out: { indexed: true }, error: {} },
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
  create({ fields, modules, indexed, out }) {
    const timeout = fields.timeout === undefined ? 0 : parseDuration(fields.timeout);
    const ports = indexed('out');
    const error = out('error');
    const cases: Array<{ when: CelProgram<boolean>; port: OutPort | undefined }> = fields.matches.map((m, i) => ({
      when: celPredicate(m.when, modules, ['matches', i, 'when'], { timeout }),
      port: ports[portIndex(m.port) ?? -1],
    }));
    return {
      inputs: {
        in(payload, proc) {
          for (const c of cases) {
            let matched: boolean;
            try {
              matched = c.when(payload);
            } catch (thrown) {
              return error.send(toError(thrown), proc);
            }
            // The compiler rejects a match whose port is not wired; a missing port echoes like an unwired one.
            if (matched) return c.port ? c.port.send(payload, proc) : payload;
          }
          return payload;
        },
      },
    };
  },
});
export default switchKind;
