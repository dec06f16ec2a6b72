import { describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import { NONE } from '../core/packet.ts';
import type { Process } from '../core/process.ts';
import { addNode, addProbe, gate, running, settle, testProgram } from '../testing/graph.ts';
import session from './session.ts';

const kind = session as Kind<never>;

interface Delivery {
  readonly payload: unknown;
  readonly proc: Process;
}

/**
 * `open` opens a session: it sends its payload to session.io (possibly twice) and then keeps its
 * process alive until the test closes it. `out` of the session goes to a recorder.
 */
function build(answer: (payload: unknown) => unknown = (p) => p) {
  const program = testProgram();
  const node = addNode(program, 'session', kind);
  const deliveries: Delivery[] = [];
  const owners: Process[] = [];
  const ioAnswers: unknown[] = [];
  const closers: Array<() => void> = [];
  const open = addProbe(program, 'open', async (payload, io) => {
    owners.push(io.proc);
    for (const data of Array.isArray(payload) ? payload : [payload]) ioAnswers.push(await io.send('out', data));
    const closed = gate();
    closers.push(() => closed.open());
    await closed.promise;
    return 'closed';
  });
  program.connect(open.output('out'), node.input('io'));
  program.connect(
    node.output('out'),
    addProbe(program, 'push', (payload, io) => (deliveries.push({ payload, proc: io.proc }), answer(payload))).input('in'),
  );
  return { program, deliveries, owners, ioAnswers, closeAll: () => closers.splice(0).forEach((close) => close()) };
}

describe('session', () => {
  it('echoes the input while no session is open', async () => {
    const { program, deliveries } = build();
    await running(program, async (run) => {
      expect(await run.send('session', 'in', 'hello')).toBe('hello');
    });
    expect(deliveries).toHaveLength(0);
  });

  it('answers `io` with None and broadcasts [data, input] in a child of each session process', async () => {
    const t = build((p) => `sent to ${String((p as unknown[])[0])}`);
    await running(t.program, async (run) => {
      const sessions = [run.send('open', 'in', 'alice'), run.send('open', 'in', 'bob')];
      await settle();
      expect(t.ioAnswers).toEqual([NONE, NONE]);
      expect(await run.send('session', 'in', 'news')).toEqual(['sent to alice', 'sent to bob']);
      expect(t.deliveries.map((d) => d.payload)).toEqual([
        ['alice', 'news'],
        ['bob', 'news'],
      ]);
      expect(t.deliveries.map((d) => d.proc.parent)).toEqual(t.owners);
      // The broadcast children exit once the answer is in.
      expect(t.deliveries.every((d) => d.proc.terminated)).toBe(true);
      expect(t.owners.some((o) => o.terminated)).toBe(false);
      t.closeAll();
      expect(await Promise.all(sessions)).toEqual(['closed', 'closed']);
    });
  });

  it('overwrites the data of a process that sends to `io` again', async () => {
    const t = build();
    await running(t.program, async (run) => {
      const open = run.send('open', 'in', ['v1', 'v2']);
      await settle();
      expect(await run.send('session', 'in', 'x')).toEqual(['v2', 'x']);
      t.closeAll();
      await open;
    });
  });

  it('forgets a session when its process exits', async () => {
    const t = build();
    await running(t.program, async (run) => {
      const open = run.send('open', 'in', 'alice');
      await settle();
      expect(await run.send('session', 'in', 1)).toEqual(['alice', 1]);
      t.closeAll();
      await open;
      expect(await run.send('session', 'in', 2)).toBe(2);
    });
    expect(t.deliveries).toHaveLength(1);
  });

  it('joins the answers: an error from one session makes the answer an error', async () => {
    const t = build((p) => {
      if ((p as unknown[])[0] === 'bob') throw new Error('bob is gone');
      return 'ok';
    });
    await running(t.program, async (run) => {
      const sessions = [run.send('open', 'in', 'alice'), run.send('open', 'in', 'bob')];
      await settle();
      const answer = await run.send('session', 'in', 'ping');
      expect((answer as Error).message).toBe('bob is gone');
      t.closeAll();
      await Promise.all(sessions);
    });
  });
});
