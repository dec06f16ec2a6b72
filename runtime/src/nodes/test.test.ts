import { describe, expect, it } from 'vitest';
import { createHost } from '../core/host.ts';
import { HARNESS, TEST_RUN_PORT, type Harness, type Tracer } from '../core/harness.ts';
import type { Kind } from '../core/kind.ts';
import { FlowError, isError } from '../core/packet.ts';
import { Program } from '../core/program.ts';
import { compiledExpressions } from '../testing/cel-nodes.ts';
import { addSnippet } from '../testing/graph.ts';
import assertNode from './assert.ts';
import mock from './mock.ts';
import testNode from './test.ts';

/** A host carrying a harness, as `flowc test` starts each case. */
function harnessHost(harness: Harness) {
  return Object.assign(createHost(), { [HARNESS]: harness });
}

function recorder(answers: Record<string, (payload: unknown) => unknown> = {}) {
  const sent = new Map<string, unknown[]>();
  const trace: Tracer = (node, side, port, payload) => {
    if (side !== 'out') return;
    const key = `${node} ${port}`;
    sent.set(key, [...(sent.get(key) ?? []), payload]);
  };
  const harness: Harness = {
    packets: (node, port) => sent.get(`${node} ${port}`) ?? [],
    mock: (node, _port, payload) => answers[node]!(payload),
  };
  return { trace, harness, sent };
}

function assertDecl(program: Program, name: string, fields: Record<string, unknown>) {
  return program.node({ id: name, name, kind: assertNode as Kind<never>, fields, modules: compiledExpressions(assertNode as never, fields) });
}

describe('test and assert', () => {
  it('test runs out[0] with null and checks [answer, -1] through out[1]', async () => {
    const program = new Program({ namespace: 't', hash: 't' });
    const test = program.node({ id: 't', name: 't', kind: testNode as Kind<never>, fields: {}, indexed: { out: 2 } });
    const seen: unknown[] = [];
    program.connect(test.output('out[0]'), addSnippet(program, 'work', (x) => (seen.push(x), 'pong')).input('in'));
    program.connect(test.output('out[1]'), assertDecl(program, 'check', { expect: 'self == "pong"' }).input('in'));
    const { trace, harness } = recorder();
    const run = await program.start(harnessHost(harness), { trace });
    try {
      expect(await run.send('t', TEST_RUN_PORT, null)).toEqual(['pong', -1]);
      expect(seen).toEqual([null]);
    } finally {
      await run.stop();
    }
  });

  it('a false expectation is an error answer naming the value; an error of out[0] is the answer', async () => {
    const program = new Program({ namespace: 't', hash: 't' });
    const a = program.node({ id: 'a', name: 'a', kind: testNode as Kind<never>, fields: {}, indexed: { out: 2 } });
    program.connect(a.output('out[0]'), addSnippet(program, 'two', () => 2).input('in'));
    program.connect(a.output('out[1]'), assertDecl(program, 'is_one', { expect: 'self == 1' }).input('in'));
    const b = program.node({ id: 'b', name: 'b', kind: testNode as Kind<never>, fields: {}, indexed: { out: 1 } });
    program.connect(b.output('out[0]'), addSnippet(program, 'fails', () => new FlowError('down')).input('in'));
    const { trace, harness } = recorder();
    const run = await program.start(harnessHost(harness), { trace });
    try {
      const failed = await run.send('a', TEST_RUN_PORT, null);
      expect(isError(failed) && failed.message).toBe('assert: `self == 1` is false for 2');
      const down = await run.send('b', TEST_RUN_PORT, null);
      expect(isError(down) && down.message).toBe('down');
    } finally {
      await run.stop();
    }
  });

  it('assert with a target checks the latest packet that left that port, and fails when none did', async () => {
    const program = new Program({ namespace: 't', hash: 't' });
    const first = addSnippet(program, 'first', () => 1);
    program.connect(first.output('out'), addSnippet(program, 'second', () => 2).input('in'));
    assertDecl(program, 'on_first', { expect: 'self == 1', target: { name: 'first', port: 'out' } });
    assertDecl(program, 'on_second', { expect: 'true', target: { name: 'second' } });
    const { trace, harness } = recorder();
    const run = await program.start(harnessHost(harness), { trace });
    try {
      const none = await run.send('on_second', 'in', null);
      expect(isError(none) && none.message).toBe('assert: no packet left `second` through `out` during the test');
      expect(await run.send('first', 'in', null)).toBe(2);
      expect(await run.send('on_first', 'in', ['ignored', 5])).toEqual([1, 0]);
    } finally {
      await run.stop();
    }
  });

  it('a mock asks the harness and sends its answer on through `out`, errors through `error`', async () => {
    const program = new Program({ namespace: 't', hash: 't' });
    const gateway = program.node({ id: 'g', name: 'gateway', kind: mock as Kind<never>, fields: { inputs: ['in'], out: 'out', error: 'error' } });
    program.connect(gateway.output('out'), addSnippet(program, 'after', (x) => ({ after: x })).input('in'));
    program.connect(gateway.output('error'), addSnippet(program, 'failed', (e) => `failed: ${(e as Error).message}`).input('in'));
    const { trace, harness, sent } = recorder({ gateway: (p) => ((p as number) > 0 ? p : new FlowError('refused')) });
    const run = await program.start(harnessHost(harness), { trace });
    try {
      expect(await run.send('gateway', 'in', 3)).toEqual({ after: 3 });
      expect(await run.send('gateway', 'in', -1)).toBe('failed: refused');
      expect(sent.get('gateway out')).toEqual([3]);
      expect(sent.get('after out')).toEqual([{ after: 3 }]);
    } finally {
      await run.stop();
    }
  });

  it('a mock outside a test run answers an error instead of guessing', async () => {
    const program = new Program({ namespace: 't', hash: 't' });
    program.node({ id: 'g', name: 'gateway', kind: mock as Kind<never>, fields: { inputs: ['in'] } });
    const run = await program.start(createHost());
    try {
      const answer = await run.send('gateway', 'in', 1);
      expect(isError(answer) && answer.message).toBe('mock `gateway`: started outside a test case');
    } finally {
      await run.stop();
    }
  });
});
