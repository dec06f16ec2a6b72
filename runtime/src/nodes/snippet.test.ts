import { describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import { CelGraph } from '../testing/cel-nodes.ts';
import snippet from './snippet.ts';

const kind = snippet as Kind<never>;

function build(code: string, options: { error?: boolean; parseAtStart?: boolean } = {}) {
  const g = new CelGraph();
  const node = g.node('s', kind, { language: 'cel', code }, { parseAtStart: options.parseAtStart ?? false });
  if (options.error) g.program.connect(node.output('error'), g.sink('failed', (e) => `handled: ${(e as Error).message}`).input('in'));
  return { g, node };
}

describe('snippet (language cel)', () => {
  it('declares its code as an expression for the compiler, only for cel', () => {
    expect(snippet.expressions!({ language: 'cel', code: 'self + 1' })).toEqual([{ path: ['code'], source: 'self + 1' }]);
    expect(snippet.expressions!({ language: 'javascript', code: 'export default () => 1' })).toEqual([]);
    expect(snippet.code!({ language: 'cel', code: 'self' })).toBeUndefined();
  });

  it('evaluates the code with `self` = input and sends the plain result to `out`', async () => {
    const { g, node } = build('{"name": self.name.upperAscii(), "tags": self.tags.map(t, t + "!"), "count": size(self.tags)}');
    g.program.connect(node.output('out'), g.sink('next', (p) => p).input('in'));
    await g.run(async (run) => {
      expect(await run.send('s', 'in', { name: 'ada', tags: ['a', 'b'] })).toEqual({ name: 'ADA', tags: ['a!', 'b!'], count: 2 });
    });
    expect(g.seen).toEqual([['next', { name: 'ADA', tags: ['a!', 'b!'], count: 2 }]]);
  });

  it('answers with the result when `out` is not connected', async () => {
    const { g } = build('self * 2');
    await g.run(async (run) => {
      expect(await run.send('s', 'in', 21)).toBe(42);
    });
  });

  it('mixes payload numbers (doubles) with integer literals', async () => {
    const { g } = build('[self.n + 1, self.n - 1, self.n * 2, self.n / 2, 7 / 2, self.n > 2]');
    await g.run(async (run) => {
      expect(await run.send('s', 'in', { n: 3 })).toEqual([4, 2, 6, 1.5, 3, true]);
    });
  });

  it('sends an evaluation error to `error`', async () => {
    const { g } = build('self.missing', { error: true });
    await g.run(async (run) => {
      expect(await run.send('s', 'in', {})).toBe('handled: field not found: missing');
    });
  });

  it('sees an error payload as its message', async () => {
    const { g } = build('"caught: " + self');
    await g.run(async (run) => {
      expect(await run.send('s', 'in', new Error('boom'))).toBe('caught: boom');
    });
  });

  it('cannot start without the engine the compiler provides', async () => {
    const g = new CelGraph();
    g.program.node({ id: 's', name: 's', kind, fields: { language: 'cel', code: 'self' } });
    await expect(g.run(async () => undefined)).rejects.toThrow(/no CEL engine/);
  });

  it('parses the code at start when the compiler did not', async () => {
    const { g } = build('self.split(",")', { parseAtStart: true });
    await g.run(async (run) => {
      expect(await run.send('s', 'in', 'a,b')).toEqual(['a', 'b']);
    });
  });
});
