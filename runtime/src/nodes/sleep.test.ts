import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHost } from '../core/host.ts';
import type { Kind } from '../core/kind.ts';
import { ProcessAborted } from '../core/process.ts';
import { StartError } from '../core/program.ts';
import { addNode, addProbe, addSnippet, running, testProgram } from '../testing/graph.ts';
import sleep from './sleep.ts';

const kind = sleep as Kind<never>;

/** Records when each promise settles, in fake milliseconds since the start of the test. */
function timed<T>(promise: Promise<T>, start: number): Promise<{ value: T; at: number }> {
  return promise.then((value) => ({ value, at: Date.now() - start }));
}

describe('sleep', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits `interval`, then answers with the input (out unwired)', async () => {
    const program = testProgram();
    addNode(program, 'sleep', kind, { interval: '250ms' });
    await running(program, async (run) => {
      const start = Date.now();
      let done = false;
      const answer = timed(run.send('sleep', 'in', { a: 1 }), start).finally(() => (done = true));
      await vi.advanceTimersByTimeAsync(249);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await answer).toEqual({ value: { a: 1 }, at: 250 });
    });
  });

  it('with `interval: 0` passes the input on without a timer', async () => {
    const program = testProgram();
    addNode(program, 'sleep', kind, { interval: 0 });
    await running(program, async (run) => {
      expect(await run.send('sleep', 'in', 'now')).toBe('now');
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  it('sends the input on to `out` after the wait', async () => {
    const program = testProgram();
    const node = addNode(program, 'sleep', kind, { interval: '1.5s' });
    const seen: number[] = [];
    program.connect(node.output('out'), addSnippet(program, 'after', (x) => (seen.push(Date.now()), `late ${String(x)}`)).input('in'));
    await running(program, async (run) => {
      const start = Date.now();
      const answer = run.send('sleep', 'in', 'x');
      await vi.advanceTimersByTimeAsync(1_500);
      expect(await answer).toBe('late x');
      expect(seen.map((t) => t - start)).toEqual([1_500]);
    });
  });

  it('makes later packets of the same process wait their turn', async () => {
    const program = testProgram();
    const node = addNode(program, 'sleep', kind, { interval: 100 });
    const start = Date.now();
    // One process sends three packets at once.
    const driver = addProbe(program, 'driver', (payload, io) =>
      Promise.all((payload as unknown[]).map((p) => timed(Promise.resolve(io.send('out', p)), start))),
    );
    program.connect(driver.output('out'), node.input('in'));
    await running(program, async (run) => {
      const answer = run.send('driver', 'in', ['a', 'b', 'c']);
      await vi.advanceTimersByTimeAsync(300);
      expect(await answer).toEqual([
        { value: 'a', at: 100 },
        { value: 'b', at: 200 },
        { value: 'c', at: 300 },
      ]);
    });
  });

  it('lets different processes sleep side by side', async () => {
    const program = testProgram();
    addNode(program, 'sleep', kind, { interval: 100 });
    await running(program, async (run) => {
      const start = Date.now();
      const answers = Promise.all(['a', 'b', 'c'].map((p) => timed(run.send('sleep', 'in', p), start)));
      await vi.advanceTimersByTimeAsync(100);
      expect(await answers).toEqual([
        { value: 'a', at: 100 },
        { value: 'b', at: 100 },
        { value: 'c', at: 100 },
      ]);
    });
  });

  it('stops waiting when its process is aborted: the waiting packet and those queued behind it answer the reason', async () => {
    const program = testProgram();
    const driver = addProbe(program, 'driver', (payload, io) => {
      const answers = Promise.all((payload as string[]).map((p) => io.send('out', p)));
      io.proc.abort(new ProcessAborted('the client disconnected'));
      return answers;
    });
    const node = addNode(program, 'sleep', kind, { interval: '1h' });
    program.connect(driver.output('out'), node.input('in'));
    await running(program, async (run) => {
      const answers = (await run.send('driver', 'in', ['a', 'b'])) as Error[];
      expect(answers.map((a) => [a.name, a.message])).toEqual([
        ['ProcessAborted', 'the client disconnected'],
        ['ProcessAborted', 'the client disconnected'],
      ]);
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  it('refuses to start with an invalid interval', async () => {
    for (const interval of [-1, 'soon']) {
      const program = testProgram();
      addNode(program, 'sleep', kind, { interval });
      await expect(program.start(createHost())).rejects.toBeInstanceOf(StartError);
    }
  });
});

describe('sleep schema', () => {
  const validate = new Ajv({ strict: false }).compile(sleep.schema);

  it('accepts durations, 0 included (uniflow accepts `interval: 0`)', () => {
    for (const interval of [0, '0s', '0.0ms', 1, 0.5, '250ms', '1.5s', '1h30m', '10', '300us']) expect(validate({ interval }), String(interval)).toBe(true);
  });

  it('rejects a missing, negative or malformed interval', () => {
    for (const fields of [{}, { interval: -1 }, { interval: 'soon' }, { interval: '-1s' }]) {
      expect(validate(fields), JSON.stringify(fields)).toBe(false);
    }
  });
});
