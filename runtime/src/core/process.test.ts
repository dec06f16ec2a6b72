import { describe, expect, it } from 'vitest';
import { Process } from './process.ts';

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
});
