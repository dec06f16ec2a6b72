import { describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import { NONE } from '../core/packet.ts';
import type { Process } from '../core/process.ts';
import { addNode, addProbe, addSnippet, gate, running, settle, testProgram } from '../testing/graph.ts';
import fork from './fork.ts';
import pipe from './pipe.ts';

const kind = fork as Kind<never>;

describe('fork', () => {
  it('answers None at once and runs `out` in a child of the caller’s process', async () => {
    const release = gate<string>();
    let worker: Process | undefined;
    let caller: Process | undefined;
    const events: string[] = [];
    const program = testProgram();
    // pipe: out[0] → fork, out[1] sees what the fork answered while the child still runs.
    const entry = addNode(program, 'entry', pipe as Kind<never>, {}, { out: 2 });
    const node = addNode(program, 'fork', kind);
    const root = addProbe(program, 'root', (payload, io) => ((caller = io.proc), io.send('out', payload)));
    program.connect(root.output('out'), entry.input('in'));
    program.connect(entry.output('out[0]'), node.input('in'));
    program.connect(
      entry.output('out[1]'),
      addSnippet(program, 'after', (x) => (events.push(`caller got ${String(x)}`), 'caller done')).input('in'),
    );
    program.connect(
      node.output('out'),
      addProbe(program, 'work', (payload, io) => {
        worker = io.proc;
        io.proc.onExit(() => void events.push('child exited'));
        return release.promise.then((v) => (events.push(`child answered ${v}`), v));
      }).input('in'),
    );
    await running(program, async (run) => {
      const answer = run.send('root', 'in', 'job');
      await settle();
      expect(events).toEqual(['caller got null']);
      expect(worker?.parent).toBe(caller);
      expect(worker).not.toBe(caller);
      release.open('done');
      // The root process joins its children before send() resolves.
      expect(await answer).toBe('caller done');
      expect(events).toEqual(['caller got null', 'child answered done', 'child exited']);
      expect(worker?.terminated).toBe(true);
    });
  });

  it('answers the caller with None when the fork is called directly', async () => {
    const program = testProgram();
    const node = addNode(program, 'fork', kind);
    program.connect(node.output('out'), addSnippet(program, 'work', (x) => x).input('in'));
    await running(program, async (run) => {
      expect(await run.send('fork', 'in', 1)).toBe(NONE);
    });
  });

  it('sends a child’s error to `error`, in the child, and exits the child with it', async () => {
    const seen: Array<{ message: string; parent: boolean }> = [];
    let exitedWith: Error | undefined;
    const program = testProgram();
    const node = addNode(program, 'fork', kind);
    program.connect(
      node.output('out'),
      addProbe(program, 'work', (_payload, io) => {
        io.proc.onExit((error) => void (exitedWith = error));
        throw new Error('audit failed');
      }).input('in'),
    );
    program.connect(
      node.output('error'),
      addProbe(program, 'report', (e, io) => (seen.push({ message: (e as Error).message, parent: io.proc.parent !== undefined }), NONE)).input('in'),
    );
    await running(program, async (run) => {
      expect(await run.send('fork', 'in', 1)).toBe(NONE);
    });
    expect(seen).toEqual([{ message: 'audit failed', parent: true }]);
    expect(exitedWith?.message).toBe('audit failed');
  });

  it('exits the child with its error when `error` is unwired', async () => {
    let exitedWith: Error | undefined;
    const program = testProgram();
    const node = addNode(program, 'fork', kind);
    program.connect(
      node.output('out'),
      addProbe(program, 'work', async (_payload, io) => {
        io.proc.onExit((error) => void (exitedWith = error));
        throw new Error('late failure');
      }).input('in'),
    );
    await running(program, async (run) => {
      expect(await run.send('fork', 'in', 1)).toBe(NONE);
    });
    expect(exitedWith?.message).toBe('late failure');
  });

  it('exits a child only after its own children', async () => {
    const release = gate();
    const events: string[] = [];
    // outer fork → middle → inner fork → leaf: the middle child must outlive the leaf.
    const chain = testProgram();
    const a = addNode(chain, 'outer', kind);
    const b = addNode(chain, 'inner', kind);
    const mid = addProbe(chain, 'middle', (payload, io) => {
      io.proc.onExit(() => void events.push('middle exited'));
      return io.send('out', payload);
    });
    const leaf = addProbe(chain, 'leaf', (_payload, io) => {
      io.proc.onExit(() => void events.push('leaf exited'));
      return release.promise.then(() => void events.push('leaf answered'));
    });
    chain.connect(a.output('out'), mid.input('in'));
    chain.connect(mid.output('out'), b.input('in'));
    chain.connect(b.output('out'), leaf.input('in'));
    await running(chain, async (run) => {
      const answer = run.send('outer', 'in', 1);
      await settle();
      expect(events).toEqual([]);
      release.open();
      expect(await answer).toBe(NONE);
    });
    expect(events).toEqual(['leaf answered', 'leaf exited', 'middle exited']);
  });
});
