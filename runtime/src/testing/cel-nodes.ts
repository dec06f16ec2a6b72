// Test support for the CEL kinds: real programs and ports, with expressions pre-parsed as the compiler does.
import { createHost } from '../core/host.ts';
import { Type } from '@sinclair/typebox';
import { defineKind, implement, type Kind, type KindDefinition } from '../core/kind.ts';
import type { Process } from '../core/process.ts';
import { Program, type NodeHandle, type RunningProgram, type StartOptions } from '../core/program.ts';
import { analyseCel } from '../lang/cel-check.ts';
import { celModuleKey, celProgram, encodeCel, type CelModule } from '../lang/cel.ts';

/** What the compiler adds to a node's modules for its expressions; without the parsed form when `parseAtStart`. */
export function compiledExpressions(kind: KindDefinition<never>, fields: Record<string, unknown>, parseAtStart = false): Record<string, CelModule> {
  const modules: Record<string, CelModule> = {};
  for (const { path, source } of kind.expressions?.(fields) ?? []) {
    if (parseAtStart) {
      modules[celModuleKey(path)] = { celProgram };
      continue;
    }
    const { parsed, problems } = analyseCel(source);
    if (!parsed || problems.length > 0) throw new Error(`bad expression in test: ${source}`);
    modules[celModuleKey(path)] = { celProgram, parsed: encodeCel(parsed) };
  }
  return modules;
}

export class CelGraph {
  readonly program = new Program({ namespace: 't', hash: 't' });
  /** Every packet a sink received, as `[sink, payload]`. */
  readonly seen: Array<[string, unknown]> = [];

  /** A node of `kind`; its expressions are parsed ahead of time unless `parseAtStart`. */
  node(name: string, kind: Kind<never>, fields: Record<string, unknown>, options: { indexed?: Record<string, number>; parseAtStart?: boolean } = {}): NodeHandle {
    const modules = compiledExpressions(kind, fields, options.parseAtStart);
    return this.program.node({ id: name, name, kind, fields, modules, ...(options.indexed ? { indexed: options.indexed } : {}) });
  }

  /** Records what it receives and answers `<name>:<payload as JSON>`, or `answer(payload)`. */
  sink(name: string, answer?: (payload: unknown) => unknown): NodeHandle {
    return this.program.node({ id: name, name, kind: sinkKind as Kind<never>, fields: {}, modules: { seen: this.seen, answer } });
  }

  /** A node whose handler is test code given the packet's process and its `out` port. */
  probe(name: string, code: (payload: unknown, proc: Process, send: (payload: unknown, proc: Process) => unknown) => unknown): NodeHandle {
    return this.program.node({ id: name, name, kind: probeKind as Kind<never>, fields: {}, modules: { code } });
  }

  async run(body: (running: RunningProgram) => Promise<void>, options?: StartOptions): Promise<void> {
    const running = await this.program.start(createHost(), options);
    try {
      await body(running);
    } finally {
      await running.stop();
    }
  }
}

const sinkDefinition = defineKind({
  kind: 'sink',
  description: 'test node: records packets',
  schema: Type.Object({}),
  inputs: { in: {} },
  outputs: {},
  implementation: './cel-nodes.ts',
});

const sinkKind = implement(sinkDefinition, {
  create({ name, modules }) {
    const seen = modules.seen as Array<[string, unknown]>;
    const answer = modules.answer as ((payload: unknown) => unknown) | undefined;
    return {
      inputs: {
        in(payload) {
          seen.push([name, payload]);
          return answer ? answer(payload) : `${name}:${JSON.stringify(payload)}`;
        },
      },
    };
  },
});

type ProbeCode = (payload: unknown, proc: Process, send: (payload: unknown, proc: Process) => unknown) => unknown;

const probeDefinition = defineKind({
  kind: 'probe',
  description: 'test node: runs test code',
  schema: Type.Object({}),
  inputs: { in: {} },
  outputs: { out: {} },
  implementation: './cel-nodes.ts',
});

const probeKind = implement(probeDefinition, {
  create({ modules, out }) {
    const code = modules.code as ProbeCode;
    const output = out('out');
    return { inputs: { in: (payload, proc) => code(payload, proc, (p, target) => output.send(p, target)) } };
  },
});
