import { describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import type { Process } from '../core/process.ts';
import { CelGraph } from '../testing/cel-nodes.ts';
import reduce from './reduce.ts';

const kind = reduce as Kind<never>;

type Feed = (items: unknown[], proc: Process, send: (payload: unknown, proc: Process) => unknown) => Promise<unknown>;

/** Sends each element of the list to the reduce, one after another, in the caller's process. */
const inOneProcess: Feed = async (items, proc, send) => {
  const answers: unknown[] = [];
  for (const item of items) answers.push(await send(item, proc));
  return answers;
};

/** `feed` → reduce → sink `sum` (answering with what it got); `error` → sink `failed` when asked. */
function build(fields: Record<string, unknown>, feed: Feed = inOneProcess, options: { error?: boolean } = {}) {
  const g = new CelGraph();
  const feeder = g.probe('feed', (payload, proc, send) => feed(payload as unknown[], proc, send));
  const node = g.node('reduce', kind, fields);
  g.program.connect(feeder.output('out'), node.input('in'));
  g.program.connect(node.output('out'), g.sink('sum', (p) => p).input('in'));
  if (options.error) g.program.connect(node.output('error'), g.sink('failed', (e) => `handled: ${(e as Error).message}`).input('in'));
  return g;
}

describe('reduce', () => {
  it('emits the running value on every input of a process', async () => {
    const g = build({ init: 0, action: 'self[0] + self[1]' });
    await g.run(async (run) => {
      expect(await run.send('feed', 'in', [1, 2, 3, 4])).toEqual([1, 3, 6, 10]);
    });
    expect(g.seen.map(([, p]) => p)).toEqual([1, 3, 6, 10]);
  });

  it('starts every process from `init`', async () => {
    const g = build({ init: 100, action: 'self[0] + self[1]' });
    await g.run(async (run) => {
      expect(await run.send('feed', 'in', [1, 2])).toEqual([101, 103]);
      expect(await run.send('feed', 'in', [5])).toEqual([105]);
    });
  });

  it('keeps one accumulator per process, also for concurrent and child processes', async () => {
    const forked: Feed = async (items, proc, send) => {
      const children = [proc.fork(), proc.fork()];
      const answers = await Promise.all(children.map((child) => Promise.all(items.map((item) => send(item, child)))));
      await Promise.all(children.map((child) => child.exit()));
      return answers;
    };
    const g = build({ init: 0, action: 'self[0] + self[1]' }, forked);
    await g.run(async (run) => {
      const [a, b] = await Promise.all([run.send('feed', 'in', [1, 1, 1]), run.send('feed', 'in', [2, 2])]);
      expect(a).toEqual([
        [1, 2, 3],
        [1, 2, 3],
      ]);
      expect(b).toEqual([
        [2, 4],
        [2, 4],
      ]);
    });
  });

  it('releases the accumulator when its process exits', async () => {
    const exitInBetween: Feed = async (items, proc, send) => {
      const child = proc.fork();
      const before = await send(items[0], child);
      const again = await send(items[1], child);
      await child.exit();
      // Had the node kept the state, this would continue the fold instead of starting from `init`.
      const after = await send(items[2], child);
      return [before, again, after];
    };
    const g = build({ init: 0, action: 'self[0] + self[1]' }, exitInBetween);
    await g.run(async (run) => {
      expect(await run.send('feed', 'in', [1, 2, 5])).toEqual([1, 3, 5]);
    });
  });

  it('gives the action the index of the input within the process', async () => {
    const g = build({ init: [], action: 'self[0] + [self[2]]' });
    await g.run(async (run) => {
      expect(await run.send('feed', 'in', ['a', 'b', 'c'])).toEqual([[0], [0, 1], [0, 1, 2]]);
    });
  });

  it('folds any value: a list of the inputs, the largest so far', async () => {
    const list = build({ init: [], action: 'self[0] + [self[1]]' });
    await list.run(async (run) => {
      expect(await run.send('feed', 'in', [{ a: 1 }, 'x'])).toEqual([[{ a: 1 }], [{ a: 1 }, 'x']]);
    });
    const max = build({ init: null, action: 'self[0] == null || self[1] > self[0] ? self[1] : self[0]' });
    await max.run(async (run) => {
      expect(await run.send('feed', 'in', [3, 7, 5])).toEqual([3, 7, 7]);
    });
  });

  it('starts from null without `init`, so an arithmetic action fails on the first input', async () => {
    const g = build({ action: 'self[0] + self[1]' });
    await g.run(async (run) => {
      const [first] = (await run.send('feed', 'in', [1])) as unknown[];
      expect(first).toBeInstanceOf(Error);
      expect((first as Error).message).toMatch(/no matching overload for '_\+_'.*null_type/);
    });
  });

  it('sends an error to `error` and keeps the accumulator unchanged', async () => {
    const g = build({ init: 0, action: 'self[0] + self[1]' }, inOneProcess, { error: true });
    await g.run(async (run) => {
      const answers = (await run.send('feed', 'in', [1, 'two', 2])) as unknown[];
      expect(answers[0]).toBe(1);
      expect(answers[1]).toMatch(/^handled: found no matching overload/);
      expect(answers[2]).toBe(3);
    });
    expect(g.seen.map(([sink]) => sink)).toEqual(['sum', 'failed', 'sum']);
  });
});
