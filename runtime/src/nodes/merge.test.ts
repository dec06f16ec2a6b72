import { describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import type { Process } from '../core/process.ts';
import { addNode, addProbe, addSnippet, running, testProgram } from '../testing/graph.ts';
import merge from './merge.ts';

const kind = merge as Kind<never>;

type Step = [input: number, payload: unknown];

/**
 * A driver whose out[i] leads to merge.in[i]. It sends its steps one after another, all in one
 * process, and answers with the list of answers. With `sticky`, every packet reuses the first
 * process the driver saw, even after that process has exited.
 */
function build(options: { inputs: number; out?: (x: unknown) => unknown; error?: (x: unknown) => unknown; sticky?: boolean }) {
  const program = testProgram();
  const node = addNode(program, 'merge', kind, {}, { in: options.inputs });
  let first: Process | undefined;
  const driver = addProbe(program, 'driver', async (steps, io) => {
    const proc = options.sticky ? (first ??= io.proc) : io.proc;
    const answers: unknown[] = [];
    for (const [input, payload] of steps as Step[]) answers.push(await io.send(`out[${input}]`, payload, proc));
    return answers;
  });
  for (let i = 0; i < options.inputs; i++) program.connect(driver.output(`out[${i}]`), node.input(`in[${i}]`));
  if (options.out) program.connect(node.output('out'), addSnippet(program, 'combine', options.out).input('in'));
  if (options.error) program.connect(node.output('error'), addSnippet(program, 'onError', options.error).input('in'));
  return program;
}

describe('merge', () => {
  it('echoes early arrivals and sends the completed group, in input order, to `out`', async () => {
    const seen: unknown[] = [];
    const program = build({ inputs: 2, out: (group) => (seen.push(group), 'combined') });
    await running(program, async (run) => {
      expect(await run.send('driver', 'in', [[1, 'b'], [0, 'a']])).toEqual(['b', 'combined']);
    });
    expect(seen).toEqual([['a', 'b']]);
  });

  it('answers with the joined group when `out` is unwired', async () => {
    const program = build({ inputs: 3 });
    await running(program, async (run) => {
      expect(await run.send('driver', 'in', [[0, 1], [1, 2], [2, 3]])).toEqual([1, 2, [1, 2, 3]]);
    });
  });

  it('groups the k-th packet of every input together', async () => {
    const program = build({ inputs: 2 });
    await running(program, async (run) => {
      const answers = await run.send('driver', 'in', [
        [0, 'a1'],
        [0, 'a2'],
        [1, 'b1'],
        [0, 'a3'],
        [1, 'b2'],
      ]);
      expect(answers).toEqual(['a1', 'a2', ['a1', 'b1'], 'a3', ['a2', 'b2']]);
    });
  });

  it('keeps null payloads in a group', async () => {
    const program = build({ inputs: 2 });
    await running(program, async (run) => {
      expect(await run.send('driver', 'in', [[0, null], [1, 'x']])).toEqual([null, [null, 'x']]);
    });
  });

  it('sends a group holding an error to `error`', async () => {
    const program = build({ inputs: 2, out: () => 'not me', error: (e) => `failed: ${(e as Error).message}` });
    await running(program, async (run) => {
      expect(await run.send('driver', 'in', [[0, 'a'], [1, new Error('b broke')]])).toEqual(['a', 'failed: b broke']);
    });
  });

  it('answers with the error when `error` is unwired', async () => {
    const program = build({ inputs: 2 });
    await running(program, async (run) => {
      const [, answer] = (await run.send('driver', 'in', [[0, new Error('x')], [1, new Error('y')]])) as unknown[];
      expect((answer as Error).message).toBe('x\ny');
    });
  });

  it('never merges packets of different processes', async () => {
    let calls = 0;
    const program = build({ inputs: 2, out: () => ++calls });
    await running(program, async (run) => {
      const [a, b] = await Promise.all([run.send('driver', 'in', [[0, 'a']]), run.send('driver', 'in', [[1, 'b']])]);
      expect(a).toEqual(['a']);
      expect(b).toEqual(['b']);
    });
    expect(calls).toBe(0);
  });

  it('releases a process’s partial groups when it exits', async () => {
    const program = build({ inputs: 2, sticky: true });
    await running(program, async (run) => {
      // The first send leaves `a` waiting, then its process exits; the second reuses that process.
      expect(await run.send('driver', 'in', [[0, 'a']])).toEqual(['a']);
      expect(await run.send('driver', 'in', [[1, 'b']])).toEqual(['b']);
    });
  });

  it('treats a single input as a group of one', async () => {
    const program = build({ inputs: 1, out: (x) => ({ got: x }) });
    await running(program, async (run) => {
      expect(await run.send('driver', 'in', [[0, 'solo']])).toEqual([{ got: 'solo' }]);
      expect(await run.send('merge', 'in', 'plain in is in[0]')).toEqual({ got: 'plain in is in[0]' });
    });
  });
});
