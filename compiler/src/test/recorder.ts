import { FlowError } from '@flowc/runtime/core/packet';
import type { Harness, Tracer } from '@flowc/runtime/core/harness';
import { celProgram } from '@flowc/runtime/lang/cel';
import type { MockSpec } from './cases.ts';

/**
 * What one case saw: every packet that moved (the tracer of its program), every call of a mocked
 * node. It is also the case's harness: mocks ask it for their answers, `assert` for past packets.
 */
export class CaseRecorder implements Harness {
  /** `node port` → payloads that left through it, oldest first. */
  private readonly sent = new Map<string, unknown[]>();
  /** Nodes that received a packet on any in-port, with how many. */
  readonly received = new Map<string, number>();
  /** Mocked nodes' inputs, one per call. */
  readonly calls = new Map<string, unknown[]>();
  /** `node port` of every port a packet left through. */
  readonly fired = new Set<string>();

  constructor(private readonly mocks: ReadonlyMap<string, MockSpec>) {}

  readonly trace: Tracer = (node, side, port, payload) => {
    if (side === 'in') {
      this.received.set(node, (this.received.get(node) ?? 0) + 1);
      return;
    }
    const key = `${node} ${port}`;
    this.fired.add(key);
    let list = this.sent.get(key);
    if (!list) this.sent.set(key, (list = []));
    list.push(payload);
  };

  packets(node: string, port: string): readonly unknown[] {
    return this.sent.get(`${node} ${port}`) ?? [];
  }

  mock(node: string, _port: string, payload: unknown): unknown {
    let calls = this.calls.get(node);
    if (!calls) this.calls.set(node, (calls = []));
    calls.push(payload);
    const spec = this.mocks.get(node);
    if (!spec) return new FlowError(`mock \`${node}\`: this case gives it no answer`);
    const answer = spec.answer;
    switch (answer.type) {
      case 'value':
        return clone(answer.value);
      case 'values':
        return clone(answer.values[Math.min(calls.length, answer.values.length) - 1]);
      case 'error':
        return new FlowError(answer.message);
      case 'cel':
        return celOf(answer.source)(payload);
      case 'js':
        return answer.fn(payload, calls.length);
    }
  }
}

const planned = new Map<string, (self: unknown) => unknown>();

/** A CEL expression of a case file, planned once per run. */
export function celOf(source: string): (self: unknown) => unknown {
  let program = planned.get(source);
  if (!program) planned.set(source, (program = celProgram(source, {}, ['cel'])));
  return program;
}

/** Answers are handed to the flow, which may change them: each call gets its own copy. */
function clone(value: unknown): unknown {
  return value === undefined ? null : structuredClone(value);
}
