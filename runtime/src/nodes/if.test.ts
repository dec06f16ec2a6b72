import { describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import { FlowError } from '../core/packet.ts';
import { StartError } from '../core/program.ts';
import { tpl } from '../core/binding.ts';
import { CelGraph } from '../testing/cel-nodes.ts';
import ifKind from './if.ts';

const kind = ifKind as Kind<never>;

/** An `if` whose out[0] leads to sink `yes` and out[1] to sink `no` (as many branches as `wired`). */
function build(when: unknown, options: { wired?: number; indexed?: number; error?: boolean; timeout?: string; parseAtStart?: boolean } = {}) {
  const g = new CelGraph();
  const wired = options.wired ?? 2;
  const fields: Record<string, unknown> = { when, ...(options.timeout ? { timeout: options.timeout } : {}) };
  const node = g.node('if', kind, fields, { indexed: { out: options.indexed ?? wired }, parseAtStart: options.parseAtStart ?? false });
  if (wired > 0) g.program.connect(node.output('out[0]'), g.sink('yes').input('in'));
  if (wired > 1) g.program.connect(node.output('out[1]'), g.sink('no').input('in'));
  if (options.error) g.program.connect(node.output('error'), g.sink('failed', (e) => `handled: ${(e as Error).message}`).input('in'));
  return g;
}

describe('if', () => {
  it('sends a truthy input to out[0] and answers with its response', async () => {
    const g = build('has(self.age) && self.age >= 18');
    await g.run(async (run) => {
      expect(await run.send('if', 'in', { age: 20 })).toBe('yes:{"age":20}');
      expect(await run.send('if', 'in', { age: 12 })).toBe('no:{"age":12}');
      expect(await run.send('if', 'in', { name: 'x' })).toBe('no:{"name":"x"}');
    });
    expect(g.seen.map(([sink]) => sink)).toEqual(['yes', 'no', 'no']);
  });

  it('treats false, 0, "" and null as falsy and everything else, empty lists and maps too, as truthy', async () => {
    const g = build('self.v');
    const falsy = [false, 0, '', null, 0.0];
    const truthy = [true, 1, -1, 'x', 'false', [], {}, [0], { a: null }];
    await g.run(async (run) => {
      for (const v of falsy) expect(await run.send('if', 'in', { v }), JSON.stringify(v)).toMatch(/^no:/);
      for (const v of truthy) expect(await run.send('if', 'in', { v }), JSON.stringify(v)).toMatch(/^yes:/);
    });
  });

  it('evaluates non-boolean results: an int 0 from CEL is falsy', async () => {
    const g = build('size(self) - 2');
    await g.run(async (run) => {
      expect(await run.send('if', 'in', 'ab')).toBe('no:"ab"');
      expect(await run.send('if', 'in', 'abc')).toBe('yes:"abc"');
    });
  });

  it('passes the input on unchanged', async () => {
    const g = build('true');
    const input = { nested: { list: [1, 2.5, 'x'] }, bytes: new Uint8Array([1]) };
    await g.run(async (run) => {
      await run.send('if', 'in', input);
    });
    expect(g.seen[0]![1]).toBe(input);
  });

  it('sends an evaluation error to `error`', async () => {
    const g = build('self.age >= 18', { error: true });
    await g.run(async (run) => {
      expect(await run.send('if', 'in', { name: 'no age' })).toBe('handled: field not found: age');
    });
    expect(g.seen.map(([sink]) => sink)).toEqual(['failed']);
  });

  it('answers with the error itself when `error` is not connected', async () => {
    const g = build('self.age >= 18');
    await g.run(async (run) => {
      const answer = await run.send('if', 'in', 'text');
      expect(answer).toBeInstanceOf(FlowError);
      expect((answer as Error).message).toBe('field not found: age');
    });
    expect(g.seen).toEqual([]);
  });

  it('echoes the input when the chosen branch does not exist', async () => {
    const g = build('self > 0', { wired: 1 });
    await g.run(async (run) => {
      expect(await run.send('if', 'in', 5)).toBe('yes:5');
      expect(await run.send('if', 'in', -5)).toBe(-5);
    });
    expect(g.seen).toEqual([['yes', 5]]);
  });

  it('answers with the input when the chosen branch exists but has no links', async () => {
    const g = build('self > 0', { wired: 1, indexed: 2 });
    await g.run(async (run) => {
      expect(await run.send('if', 'in', -5)).toBe(-5);
    });
  });

  it('echoes the input when no branch is wired at all', async () => {
    const g = build('true', { wired: 0, indexed: 0 });
    await g.run(async (run) => {
      expect(await run.send('if', 'in', 'same')).toBe('same');
    });
  });

  it('parses at start an expression the compiler did not parse', async () => {
    const g = build('self.n + 1 == 3', { parseAtStart: true });
    await g.run(async (run) => {
      expect(await run.send('if', 'in', { n: 2 })).toBe('yes:{"n":2}');
    });
  });

  it('renders a templated expression at start and then parses it', async () => {
    const when = tpl({
      source: 'self.role == "{{ .ROLE }}"',
      nodes: [
        { type: 'text', text: 'self.role == "' },
        { type: 'action', pipe: [{ type: 'field', path: ['ROLE'] }] },
        { type: 'text', text: '"' },
      ],
    });
    const g = build(when, { parseAtStart: true });
    await g.run(
      async (run) => {
        expect(await run.send('if', 'in', { role: 'admin' })).toBe('yes:{"role":"admin"}');
        expect(await run.send('if', 'in', { role: 'guest' })).toBe('no:{"role":"guest"}');
      },
      { env: { ROLE: 'admin' } },
    );
  });

  it('refuses to start when an expression parsed at start is invalid', async () => {
    const g = build('self.x +', { parseAtStart: true });
    await expect(g.run(async () => undefined)).rejects.toBeInstanceOf(StartError);
    const h = build('nope(self) > 1', { parseAtStart: true });
    await expect(h.run(async () => undefined)).rejects.toThrow(/unknown function `nope`/);
  });

  it('turns an evaluation slower than `timeout` into an error', async () => {
    const g = build('true', { timeout: '1ns', error: true });
    await g.run(async (run) => {
      expect(await run.send('if', 'in', 1)).toMatch(/^handled: expression timed out/);
    });
  });
});
