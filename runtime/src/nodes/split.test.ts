import { describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import { addNode, addSnippet, running, testProgram } from '../testing/graph.ts';
import split from './split.ts';

const kind = split as Kind<never>;

/** A split with `ports` out-ports; `wired` of them lead to snippets tagging what they got. */
function build(ports: number, wired = ports, code?: (i: number) => (x: unknown) => unknown) {
  const seen: Array<[number, unknown]> = [];
  const program = testProgram();
  const node = addNode(program, 'split', kind, {}, ports > 0 ? { out: ports } : undefined);
  for (let i = 0; i < wired; i++) {
    const fn = code?.(i) ?? ((x: unknown) => (seen.push([i, x]), `${i}:${String(x)}`));
    program.connect(node.output(`out[${i}]`), addSnippet(program, `s${i}`, fn).input('in'));
  }
  return { program, seen };
}

describe('split', () => {
  it('sends element i to out[i] and joins the answers in port order', async () => {
    const { program, seen } = build(2);
    await running(program, async (run) => {
      expect(await run.send('split', 'in', ['a', 'b'])).toEqual(['0:a', '1:b']);
    });
    expect(seen).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
  });

  it('drops elements beyond the last out-port', async () => {
    const { program, seen } = build(2);
    await running(program, async (run) => {
      expect(await run.send('split', 'in', ['a', 'b', 'c', 'd'])).toEqual(['0:a', '1:b']);
    });
    expect(seen).toHaveLength(2);
  });

  it('fills only the first ports when the list is shorter', async () => {
    const { program, seen } = build(3);
    await running(program, async (run) => {
      expect(await run.send('split', 'in', ['a'])).toBe('0:a');
    });
    expect(seen).toEqual([[0, 'a']]);
  });

  it('sends a non-list input to out[0] only', async () => {
    const { program, seen } = build(2);
    await running(program, async (run) => {
      expect(await run.send('split', 'in', { a: 1 })).toBe('0:[object Object]');
    });
    expect(seen).toEqual([[0, { a: 1 }]]);
  });

  it('answers for an unwired out-port with the element itself', async () => {
    const { program } = build(2, 1);
    await running(program, async (run) => {
      expect(await run.send('split', 'in', ['a', 'b'])).toEqual(['0:a', 'b']);
    });
  });

  it('keeps answers in port order when they finish out of order', async () => {
    const { program } = build(2, 2, (i) => async (x) => {
      if (i === 0) await new Promise((r) => setImmediate(r));
      return `${i}:${String(x)}`;
    });
    await running(program, async (run) => {
      expect(await run.send('split', 'in', ['a', 'b'])).toEqual(['0:a', '1:b']);
    });
  });

  it('joins errors into one', async () => {
    const { program } = build(2, 2, (i) => () => {
      throw new Error(`port ${i} failed`);
    });
    await running(program, async (run) => {
      expect(((await run.send('split', 'in', [1, 2])) as Error).message).toBe('port 0 failed\nport 1 failed');
    });
  });

  it('echoes the input when nothing is sent (no out-port, or an empty list)', async () => {
    const none = build(0);
    await running(none.program, async (run) => {
      expect(await run.send('split', 'in', ['a'])).toEqual(['a']);
    });
    const empty = build(2);
    await running(empty.program, async (run) => {
      expect(await run.send('split', 'in', [])).toEqual([]);
    });
    expect(empty.seen).toHaveLength(0);
  });
});
