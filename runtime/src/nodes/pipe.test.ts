import { describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import { addNode, addProbe, addSnippet, running, testProgram } from '../testing/graph.ts';
import pipe from './pipe.ts';

const kind = pipe as Kind<never>;

function build(options: { first?: (x: unknown) => unknown; second?: (x: unknown) => unknown; error?: (x: unknown) => unknown }) {
  const program = testProgram();
  const node = addNode(program, 'pipe', kind, {}, { out: 2 });
  if (options.first) program.connect(node.output('out[0]'), addSnippet(program, 'first', options.first).input('in'));
  if (options.second) program.connect(node.output('out[1]'), addSnippet(program, 'second', options.second).input('in'));
  if (options.error) program.connect(node.output('error'), addSnippet(program, 'onError', options.error).input('in'));
  return program;
}

describe('pipe', () => {
  it('feeds the answer of out[0] into out[1] and answers with the second answer', async () => {
    const program = build({ first: (x) => ({ user: x }), second: (u) => `hello ${(u as { user: string }).user}` });
    await running(program, async (run) => {
      expect(await run.send('pipe', 'in', 'ada')).toBe('hello ada');
    });
  });

  it('waits for an asynchronous first hop', async () => {
    const program = build({ first: async (x) => (x as number) + 1, second: (x) => (x as number) * 10 });
    await running(program, async (run) => {
      expect(await run.send('pipe', 'in', 1)).toBe(20);
    });
  });

  it('answers with the first answer when out[1] is unwired', async () => {
    const program = build({ first: (x) => [x, x] });
    await running(program, async (run) => {
      expect(await run.send('pipe', 'in', 'a')).toEqual(['a', 'a']);
    });
  });

  it('passes the input straight to out[1] when out[0] is unwired', async () => {
    const program = build({ second: (x) => `second saw ${String(x)}` });
    await running(program, async (run) => {
      expect(await run.send('pipe', 'in', 'x')).toBe('second saw x');
    });
  });

  it('routes an error from out[0] to `error`, skipping out[1]', async () => {
    let secondCalls = 0;
    const program = build({
      first: () => {
        throw new Error('lookup failed');
      },
      second: () => ++secondCalls,
      error: (e) => ({ recovered: (e as Error).message }),
    });
    await running(program, async (run) => {
      expect(await run.send('pipe', 'in', 1)).toEqual({ recovered: 'lookup failed' });
    });
    expect(secondCalls).toBe(0);
  });

  it('answers with the error itself when `error` is unwired', async () => {
    const program = build({
      first: () => {
        throw new Error('lookup failed');
      },
      second: (x) => x,
    });
    await running(program, async (run) => {
      const answer = await run.send('pipe', 'in', 1);
      expect(answer).toBeInstanceOf(Error);
      expect((answer as Error).message).toBe('lookup failed');
    });
  });

  it('does not send an error answered by out[1] to `error`', async () => {
    let errorCalls = 0;
    const program = build({
      first: (x) => x,
      second: () => {
        throw new Error('render failed');
      },
      error: () => ++errorCalls,
    });
    await running(program, async (run) => {
      expect(((await run.send('pipe', 'in', 1)) as Error).message).toBe('render failed');
    });
    expect(errorCalls).toBe(0);
  });

  it('turns a handler exception downstream into an error', async () => {
    const program = testProgram();
    const node = addNode(program, 'pipe', kind, {}, { out: 1 });
    program.connect(
      node.output('out[0]'),
      addProbe(program, 'boom', () => {
        throw new Error('boom');
      }).input('in'),
    );
    await running(program, async (run) => {
      expect(((await run.send('pipe', 'in', 1)) as Error).message).toBe('boom');
    });
  });
});
