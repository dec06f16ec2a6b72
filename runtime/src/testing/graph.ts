// Test support: real programs, real ports and real processes, with small nodes driven by test code.
import { createHost } from '../core/host.ts';
import { Type } from '@sinclair/typebox';
import { defineKind, implement, type Kind } from '../core/kind.ts';
import type { OutPort } from '../core/port.ts';
import type { Process } from '../core/process.ts';
import { Program, type NodeHandle, type RunningProgram } from '../core/program.ts';
import snippet from '../nodes/snippet.ts';

export function testProgram(): Program {
  return new Program({ namespace: 't', hash: 't' });
}

/** A javascript snippet node running `code` on each packet. */
export function addSnippet(program: Program, name: string, code: (input: unknown) => unknown): NodeHandle {
  return program.node({
    id: name,
    name,
    kind: snippet as Kind<never>,
    fields: { language: 'javascript', code: 'test' },
    modules: { code: { default: code } },
  });
}

export function addNode(
  program: Program,
  name: string,
  kind: Kind<never>,
  fields: Record<string, unknown> = {},
  indexed?: Record<string, number>,
): NodeHandle {
  return program.node({ id: name, name, kind, fields, ...(indexed ? { indexed } : {}) });
}

export interface ProbeIo {
  readonly proc: Process;
  /** Sends to one of the probe's out-ports (`out`, `out[1]`…) and returns the answer. */
  send(port: string, payload: unknown, proc?: Process): unknown;
}

export type ProbeCode = (payload: unknown, io: ProbeIo) => unknown;

const probeDefinition = defineKind({
  kind: 'probe',
  description: 'Test node: runs test code with access to its out-ports and the packet’s process.',
  schema: Type.Object({}),
  inputs: { in: {} },
  outputs: { out: { indexed: true }, error: {} },
  implementation: './graph.ts',
});

const probeKind = implement(probeDefinition, {
  create({ modules, out }) {
    const code = (modules.code as { default: ProbeCode }).default;
    const ports = new Map<string, OutPort>();
    const port = (name: string): OutPort => {
      let p = ports.get(name);
      if (!p) ports.set(name, (p = out(name)));
      return p;
    };
    return {
      inputs: {
        in: (payload, proc) => code(payload, { proc, send: (name, value, target = proc) => port(name).send(value, target) }),
      },
    };
  },
});

/** A node whose handler is test code that can see its process and send to its own out-ports. */
export function addProbe(program: Program, name: string, code: ProbeCode): NodeHandle {
  return program.node({
    id: name,
    name,
    kind: probeKind as Kind<never>,
    fields: {},
    modules: { code: { default: code } },
  });
}

/** Starts the program, runs the body, and always stops it. */
export async function running<T>(program: Program, body: (run: RunningProgram) => Promise<T>): Promise<T> {
  const run = await program.start(createHost());
  try {
    return await body(run);
  } finally {
    await run.stop();
  }
}

/** A promise the test resolves by hand. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Lets pending promise callbacks run. */
export async function settle(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}
