import { describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import { FlowError, NONE } from '../core/packet.ts';
import { ProcessAborted } from '../core/process.ts';
import { addNode, addProbe, addSnippet, gate, running, settle, testProgram } from '../testing/graph.ts';
import forKind from './for.ts';
import nop from './nop.ts';

const kind = forKind as Kind<never>;

function build(options: { each?: (x: unknown) => unknown; after?: (x: unknown) => unknown; error?: (x: unknown) => unknown } = {}) {
  const program = testProgram();
  const loop = addNode(program, 'loop', kind, {}, { out: 2 });
  if (options.each) program.connect(loop.output('out[0]'), addSnippet(program, 'each', options.each).input('in'));
  if (options.after) program.connect(loop.output('out[1]'), addSnippet(program, 'after', options.after).input('in'));
  if (options.error) program.connect(loop.output('error'), addSnippet(program, 'onError', options.error).input('in'));
  return program;
}

const double = (x: unknown): unknown => (x as number) * 2;

describe('for', () => {
  it('sends each element to out[0] and answers with the joined list when out[1] is unwired', async () => {
    const seen: unknown[] = [];
    const program = build({ each: (x) => (seen.push(x), double(x)) });
    await running(program, async (run) => {
      expect(await run.send('loop', 'in', [1, 2, 3])).toEqual([2, 4, 6]);
    });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('feeds the joined result to out[1], whose answer answers the input', async () => {
    const program = build({ each: double, after: (xs) => (xs as number[]).reduce((a, b) => a + b, 0) });
    await running(program, async (run) => {
      expect(await run.send('loop', 'in', [1, 2, 3])).toBe(12);
    });
  });

  it('sends a non-list input once', async () => {
    const seen: unknown[] = [];
    const program = build({ each: (x) => (seen.push(x), x) });
    await running(program, async (run) => {
      expect(await run.send('loop', 'in', { a: 1 })).toEqual({ a: 1 });
      expect(await run.send('loop', 'in', 'text')).toBe('text');
    });
    expect(seen).toEqual([{ a: 1 }, 'text']);
  });

  it('answers a one-element list with the single element answer (join rule)', async () => {
    const program = build({ each: double });
    await running(program, async (run) => {
      expect(await run.send('loop', 'in', [21])).toBe(42);
    });
  });

  it('answers with the input list itself when out[0] is unwired', async () => {
    const program = build();
    await running(program, async (run) => {
      expect(await run.send('loop', 'in', ['a', 'b'])).toEqual(['a', 'b']);
      expect(await run.send('loop', 'in', ['only'])).toBe('only');
    });
  });

  it('answers an empty list with [] at once, without calling out[0]', async () => {
    let calls = 0;
    const program = build({ each: () => ++calls });
    await running(program, async (run) => {
      expect(await run.send('loop', 'in', [])).toEqual([]);
    });
    expect(calls).toBe(0);
  });

  it('passes [] for an empty list on to out[1]', async () => {
    const program = build({ each: double, after: (xs) => ({ total: (xs as number[]).length }) });
    await running(program, async (run) => {
      expect(await run.send('loop', 'in', [])).toEqual({ total: 0 });
    });
  });

  it('writes all elements at once and keeps the answers in element order', async () => {
    const gates = [gate<number>(), gate<number>(), gate<number>()];
    let started = 0;
    const program = build({ each: (i) => (started++, gates[i as number]!.promise) });
    await running(program, async (run) => {
      const answer = run.send('loop', 'in', [0, 1, 2]);
      await settle();
      expect(started).toBe(3);
      gates[2]!.open(30);
      gates[0]!.open(10);
      gates[1]!.open(20);
      expect(await answer).toEqual([10, 20, 30]);
    });
  });

  it('sends a joined error to `error` instead of out[1]', async () => {
    let afterCalls = 0;
    const program = build({
      each: (x) => {
        if (x === 2) throw new Error('two is bad');
        return x;
      },
      after: () => ++afterCalls,
      error: (e) => `handled: ${(e as Error).message}`,
    });
    await running(program, async (run) => {
      expect(await run.send('loop', 'in', [1, 2, 3])).toBe('handled: two is bad');
    });
    expect(afterCalls).toBe(0);
  });

  it('answers with the error when `error` is unwired, joining several messages', async () => {
    const program = build({
      each: (x) => {
        throw new FlowError(`bad ${String(x)}`);
      },
    });
    await running(program, async (run) => {
      const answer = await run.send('loop', 'in', [1, 2]);
      expect(answer).toBeInstanceOf(Error);
      expect((answer as Error).message).toBe('bad 1\nbad 2');
    });
  });

  it('drops None answers from the join', async () => {
    const program = testProgram();
    const loop = addNode(program, 'loop', kind, {}, { out: 1 });
    program.connect(loop.output('out[0]'), addNode(program, 'sink', nop as Kind<never>).input('in'));
    await running(program, async (run) => {
      expect(await run.send('loop', 'in', [1, 2])).toBe(NONE);
    });
  });

  it('turns an exception thrown by a downstream handler into an error answer', async () => {
    const program = testProgram();
    const loop = addNode(program, 'loop', kind, {}, { out: 1 });
    const boom = addProbe(program, 'boom', () => {
      throw new Error('boom');
    });
    program.connect(loop.output('out[0]'), boom.input('in'));
    await running(program, async (run) => {
      const answer = await run.send('loop', 'in', [1]);
      expect((answer as Error).message).toBe('boom');
    });
  });

  it('a long list is sent in batches, in order, and joined as one', async () => {
    const elements = Array.from({ length: 2500 }, (_, i) => i);
    const program = build({ each: double });
    await running(program, async (run) => {
      expect(await run.send('loop', 'in', elements)).toEqual(elements.map((x) => x * 2));
    });
  });

  it('stops sending the elements of an aborted process; the reason goes to error', async () => {
    const seen: unknown[] = [];
    const program = testProgram();
    const loop = addNode(program, 'loop', kind, {}, { out: 2 });
    const each = addProbe(program, 'each', (x, io) => {
      seen.push(x);
      if (x === 0) io.proc.abort(new ProcessAborted('the client disconnected'));
      return x;
    });
    program.connect(loop.output('out[0]'), each.input('in'));
    await running(program, async (run) => {
      const answer = (await run.send('loop', 'in', Array.from({ length: 5000 }, (_, i) => i))) as Error;
      expect([answer.name, answer.message]).toEqual(['ProcessAborted', 'the client disconnected']);
    });
    // The batch under way is finished; no later batch is started.
    expect(seen.length).toBe(1024);
  });
});
