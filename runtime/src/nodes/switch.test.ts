import { describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import { CelGraph } from '../testing/cel-nodes.ts';
import switchKind from './switch.ts';

const kind = switchKind as Kind<never>;

interface Match {
  when: string;
  port: string;
}

/** A switch whose out[i] leads to sink `s<i>` for every i in `wired`. */
function build(matches: Match[], wired: number[], options: { error?: boolean } = {}) {
  const g = new CelGraph();
  const count = Math.max(0, ...wired.map((i) => i + 1));
  const node = g.node('switch', kind, { matches }, { indexed: { out: count } });
  for (const i of wired) g.program.connect(node.output(`out[${i}]`), g.sink(`s${i}`).input('in'));
  if (options.error) g.program.connect(node.output('error'), g.sink('failed', (e) => `handled: ${(e as Error).message}`).input('in'));
  return g;
}

const levels: Match[] = [
  { when: 'self.level == "error"', port: 'out[0]' },
  { when: 'self.level == "warn" || self.level == "error"', port: 'out[1]' },
  { when: 'true', port: 'out[2]' },
];

describe('switch', () => {
  it('sends the input to the port of the first truthy match, in list order', async () => {
    const g = build(levels, [0, 1, 2]);
    await g.run(async (run) => {
      expect(await run.send('switch', 'in', { level: 'error' })).toBe('s0:{"level":"error"}');
      expect(await run.send('switch', 'in', { level: 'warn' })).toBe('s1:{"level":"warn"}');
      expect(await run.send('switch', 'in', { level: 'info' })).toBe('s2:{"level":"info"}');
    });
    expect(g.seen.map(([sink]) => sink)).toEqual(['s0', 's1', 's2']);
  });

  it('stops at the first match: later conditions are not evaluated', async () => {
    // The second condition would fail on a payload without `n`; it is never reached.
    const g = build(
      [
        { when: 'true', port: 'out[1]' },
        { when: 'self.n > 1', port: 'out[0]' },
      ],
      [0, 1],
      { error: true },
    );
    await g.run(async (run) => {
      expect(await run.send('switch', 'in', {})).toBe('s1:{}');
    });
  });

  it('echoes the input when nothing matches', async () => {
    const g = build(levels.slice(0, 2), [0, 1]);
    const input = { level: 'debug' };
    await g.run(async (run) => {
      expect(await run.send('switch', 'in', input)).toBe(input);
    });
    expect(g.seen).toEqual([]);
  });

  it('uses the same truthiness as `if`', async () => {
    const g = build(
      [
        { when: 'self.a', port: 'out[0]' },
        { when: 'self.b', port: 'out[1]' },
      ],
      [0, 1],
    );
    await g.run(async (run) => {
      expect(await run.send('switch', 'in', { a: 0, b: 'x' })).toBe('s1:{"a":0,"b":"x"}');
      expect(await run.send('switch', 'in', { a: [], b: 'x' })).toBe('s0:{"a":[],"b":"x"}');
      expect(await run.send('switch', 'in', { a: '', b: null })).toEqual({ a: '', b: null });
    });
  });

  it('sends an evaluation error to `error` and evaluates nothing after it', async () => {
    const g = build(
      [
        { when: 'self.n > 1', port: 'out[0]' },
        { when: 'true', port: 'out[1]' },
      ],
      [0, 1],
      { error: true },
    );
    await g.run(async (run) => {
      expect(await run.send('switch', 'in', { m: 1 })).toBe('handled: field not found: n');
    });
    expect(g.seen.map(([sink]) => sink)).toEqual(['failed']);
  });

  it('answers with the error when `error` is not connected', async () => {
    const g = build([{ when: 'self.n > 1', port: 'out[0]' }], [0]);
    await g.run(async (run) => {
      const answer = await run.send('switch', 'in', {});
      expect(answer).toBeInstanceOf(Error);
      expect((answer as Error).message).toBe('field not found: n');
    });
  });

  it('reads plain `out` as `out[0]`', async () => {
    const g = build([{ when: 'true', port: 'out' }], [0]);
    await g.run(async (run) => {
      expect(await run.send('switch', 'in', 1)).toBe('s0:1');
    });
  });

  it('returns the input for a match whose port exists without links', async () => {
    const g = new CelGraph();
    g.node('switch', kind, { matches: [{ when: 'true', port: 'out[1]' }] }, { indexed: { out: 2 } });
    await g.run(async (run) => {
      expect(await run.send('switch', 'in', 'x')).toBe('x');
    });
  });

  describe('check (build time)', () => {
    const check = (matches: unknown[], outputs: string[]) => switchKind.check!({ matches }, { outputs: new Set(outputs), inputs: new Set(), indexed: {} });

    it('reports a match whose port is not wired, at its `port`', () => {
      const problems = check(
        [
          { when: 'true', port: 'out[0]' },
          { when: 'true', port: 'out[3]' },
        ],
        ['out[0]', 'out[1]', 'error'],
      );
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ code: 'UNWIRED_PORT', path: ['matches', 1, 'port'] });
      expect(problems[0]!.message).toContain('out[3]');
    });

    it('accepts wired ports, plain `out` as `out[0]`, and leaves templated ports to start', () => {
      expect(check([{ when: 'true', port: 'out' }], ['out[0]'])).toEqual([]);
      expect(check([{ when: 'true', port: '{{ .PORT }}' }], [])).toEqual([]);
    });
  });
});
