import { describe, expect, it } from 'vitest';
import { Process, ProcessAborted } from './process.ts';

describe('Process', () => {
  it('reads fall back to the parent chain; writes stay local', () => {
    const root = new Process();
    root.set('k', 1);
    const child = root.fork();
    expect(child.get('k')).toBe(1);
    child.set('k', 2);
    expect(child.get('k')).toBe(2);
    expect(root.get('k')).toBe(1);
  });

  it('runs exit hooks newest first with the exit error, once, and clears the store', async () => {
    const p = new Process();
    const seen: string[] = [];
    p.onExit((e) => void seen.push(`a:${e?.message}`));
    p.onExit((e) => void seen.push(`b:${e?.message}`));
    p.set('x', 1);
    await p.exit(new Error('bad'));
    await p.exit();
    expect(seen).toEqual(['b:bad', 'a:bad']);
    expect(p.get('x')).toBeUndefined();
    expect(p.terminated).toBe(true);
  });

  it('a parent exit ends its children; join waits for children', async () => {
    const parent = new Process();
    const child = parent.fork();
    let joined = false;
    const waiting = parent.join().then(() => (joined = true));
    expect(parent.hasChildren).toBe(true);
    await child.exit();
    await waiting;
    expect(joined).toBe(true);
    const other = parent.fork();
    await parent.exit();
    expect(other.terminated).toBe(true);
  });

  it('abort reaches the process, its children and their signals, and children forked later', () => {
    const root = new Process();
    const child = root.fork();
    const grandchild = child.fork();
    const signal = grandchild.signal;
    const seen: unknown[] = [];
    signal.addEventListener('abort', () => seen.push(signal.reason));
    expect([root.aborted, signal.aborted]).toEqual([false, false]);
    expect(() => grandchild.throwIfAborted()).not.toThrow();

    const reason = new ProcessAborted('the client disconnected');
    root.abort(reason);
    root.abort(new ProcessAborted('second reason, ignored'));
    expect(seen).toEqual([reason]);
    expect([child.abortedBy, grandchild.abortedBy, root.fork().abortedBy]).toEqual([reason, reason, reason]);
    expect(root.fork().signal.reason).toBe(reason);
    expect(() => child.throwIfAborted()).toThrow('the client disconnected');
  });

  it('aborting a child leaves its parent and siblings alone', () => {
    const root = new Process();
    const a = root.fork();
    const b = root.fork();
    a.abort(new ProcessAborted('a only'));
    expect([root.aborted, a.aborted, b.aborted, b.signal.aborted]).toEqual([false, true, false, false]);
  });
});
