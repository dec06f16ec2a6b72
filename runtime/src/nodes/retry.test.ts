import { describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import { ProcessAborted } from '../core/process.ts';
import { addNode, addProbe, addSnippet, running, testProgram } from '../testing/graph.ts';
import retry from './retry.ts';

const kind = retry as Kind<never>;

/** A flaky downstream that fails `failures` times, then succeeds; counts calls. */
function build(fields: Record<string, unknown>, failures: number, asynchronous = false) {
  const calls: unknown[] = [];
  const program = testProgram();
  const node = addNode(program, 'retry', kind, fields);
  const flaky = (x: unknown): unknown => {
    calls.push(x);
    if (calls.length <= failures) throw new Error(`attempt ${calls.length} failed`);
    return `ok after ${calls.length}`;
  };
  const target = addSnippet(program, 'flaky', asynchronous ? async (x) => flaky(x) : flaky);
  program.connect(node.output('out'), target.input('in'));
  return { program, calls };
}

describe('retry', () => {
  it('makes threshold + 1 attempts in all and answers with the last error', async () => {
    const { program, calls } = build({ threshold: 2 }, Infinity);
    await running(program, async (run) => {
      const answer = await run.send('retry', 'in', 'job');
      expect(answer).toBeInstanceOf(Error);
      expect((answer as Error).message).toBe('attempt 3 failed');
    });
    expect(calls).toEqual(['job', 'job', 'job']);
  });

  it('stops at the first success', async () => {
    const { program, calls } = build({ threshold: 5 }, 1);
    await running(program, async (run) => {
      expect(await run.send('retry', 'in', 1)).toBe('ok after 2');
    });
    expect(calls).toHaveLength(2);
  });

  it('does not retry a success', async () => {
    const { program, calls } = build({ threshold: 3 }, 0);
    await running(program, async (run) => {
      expect(await run.send('retry', 'in', 1)).toBe('ok after 1');
    });
    expect(calls).toHaveLength(1);
  });

  it('makes a single attempt with threshold 0 (the default)', async () => {
    const { program, calls } = build({}, Infinity);
    await running(program, async (run) => {
      expect(((await run.send('retry', 'in', 1)) as Error).message).toBe('attempt 1 failed');
    });
    expect(calls).toHaveLength(1);
  });

  it('retries asynchronous failures the same way', async () => {
    const { program, calls } = build({ threshold: 3 }, 3, true);
    await running(program, async (run) => {
      expect(await run.send('retry', 'in', 1)).toBe('ok after 4');
    });
    expect(calls).toHaveLength(4);
  });

  it('answers with the input when `out` is unwired', async () => {
    const program = testProgram();
    addNode(program, 'retry', kind, { threshold: 2 });
    await running(program, async (run) => {
      expect(await run.send('retry', 'in', 'same')).toBe('same');
    });
  });

  it('does not retry once its process is aborted', async () => {
    const program = testProgram();
    const node = addNode(program, 'retry', kind, { threshold: 5 });
    let calls = 0;
    const failing = addProbe(program, 'failing', (_x, io) => {
      calls++;
      io.proc.abort(new ProcessAborted('the client disconnected'));
      return new Error(`attempt ${calls} failed`);
    });
    program.connect(node.output('out'), failing.input('in'));
    await running(program, async (run) => {
      expect(((await run.send('retry', 'in', 'job')) as Error).message).toBe('attempt 1 failed');
    });
    expect(calls).toBe(1);
  });
});
