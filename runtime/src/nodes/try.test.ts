import { describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import { addNode, addProbe, addSnippet, running, testProgram } from '../testing/graph.ts';
import tryKind from './try.ts';

const kind = tryKind as Kind<never>;

function build(options: { out?: (x: unknown) => unknown; error?: (x: unknown) => unknown }) {
  const program = testProgram();
  const node = addNode(program, 'try', kind);
  if (options.out) program.connect(node.output('out'), addSnippet(program, 'risky', options.out).input('in'));
  if (options.error) program.connect(node.output('error'), addSnippet(program, 'fallback', options.error).input('in'));
  return program;
}

const fail = (x: unknown): never => {
  throw new Error(`failed on ${String(x)}`);
};

describe('try', () => {
  it('returns a successful answer as is, without calling `error`', async () => {
    let fallbacks = 0;
    const program = build({ out: (x) => `ok ${String(x)}`, error: () => ++fallbacks });
    await running(program, async (run) => {
      expect(await run.send('try', 'in', 1)).toBe('ok 1');
    });
    expect(fallbacks).toBe(0);
  });

  it('sends an error answer to `error` and answers with what `error` answers', async () => {
    const seen: unknown[] = [];
    const program = build({ out: fail, error: (e) => (seen.push(e), 'fallback') });
    await running(program, async (run) => {
      expect(await run.send('try', 'in', 7)).toBe('fallback');
    });
    expect(seen).toHaveLength(1);
    expect((seen[0] as Error).message).toBe('failed on 7');
  });

  it('handles asynchronous failures', async () => {
    const program = build({ out: async (x) => fail(x), error: (e) => ({ error: (e as Error).message }) });
    await running(program, async (run) => {
      expect(await run.send('try', 'in', 'a')).toEqual({ error: 'failed on a' });
    });
  });

  it('answers with the error when `error` is unwired', async () => {
    const program = build({ out: fail });
    await running(program, async (run) => {
      const answer = await run.send('try', 'in', 3);
      expect(answer).toBeInstanceOf(Error);
      expect((answer as Error).message).toBe('failed on 3');
    });
  });

  it('echoes the input when `out` is unwired', async () => {
    const program = build({});
    await running(program, async (run) => {
      expect(await run.send('try', 'in', { a: 1 })).toEqual({ a: 1 });
    });
  });

  it('catches an exception thrown by a downstream handler', async () => {
    const program = testProgram();
    const node = addNode(program, 'try', kind);
    program.connect(
      node.output('out'),
      addProbe(program, 'boom', () => {
        throw new Error('boom');
      }).input('in'),
    );
    program.connect(node.output('error'), addSnippet(program, 'fallback', (e) => `caught ${(e as Error).message}`).input('in'));
    await running(program, async (run) => {
      expect(await run.send('try', 'in', 1)).toBe('caught boom');
    });
  });
});
