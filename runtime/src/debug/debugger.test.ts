import { Type } from '@sinclair/typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defineKind, implement } from '../core/kind.ts';
import type { HostServices } from '../core/services.ts';
import { Debugger, type DebugEvent } from './debugger.ts';
import { DebugProgram } from './program.ts';
import { attachDebugger } from './protocol.ts';
import { toYaml } from './show.ts';

const host: HostServices = {
  listen: () => Promise.reject(new Error('no sockets in this test')),
  write: (_s, d) => d.length,
  log: () => undefined,
};

/** Passes its payload on (or answers with it when `out` is unwired). */
const pass = implement(
  defineKind({ kind: 'pass', description: 'test kind', schema: Type.Object({}), inputs: { in: {} }, outputs: { out: {} }, implementation: './debugger.test.ts' }),
  { create: ({ out }) => ({ inputs: { in: (payload, proc) => out('out').send(payload, proc) } }) },
);

/** a → b, started under a fresh debugger. */
async function chain(debug: Debugger) {
  attachDebugger(debug);
  const p = new DebugProgram({ namespace: 't', hash: 'h' });
  const a = p.node({ id: 'id-a', name: 'a', loc: 'a.yaml:1:3', kind: pass as never, fields: {} });
  const b = p.node({ id: 'id-b', name: 'b', loc: 'a.yaml:4:3', kind: pass as never, fields: {} });
  p.connect(a.output('out'), b.input('in'));
  return p.start(host);
}

/** Resolves with the next event of a type. */
function next<T extends DebugEvent['type']>(debug: Debugger, type: T): Promise<Extract<DebugEvent, { type: T }>> {
  return new Promise((resolve) => {
    const off = debug.on((e) => {
      if (e.type !== type) return;
      off();
      resolve(e as Extract<DebugEvent, { type: T }>);
    });
  });
}

afterEach(() => attachDebugger(undefined));

describe('Debugger', () => {
  it('holds only the process that hit a conditional breakpoint; others go on', async () => {
    const debug = new Debugger();
    const running = await chain(debug);
    debug.addBreakpoint({ symbol: 'b', port: 'in', condition: 'self.n == 1' });
    const stopped = next(debug, 'stopped');
    let held = false;
    const first = running.send('a', 'in', { n: 1 }).then((v) => ((held = true), v));
    const stop = await stopped;
    expect(stop.frame.site).toMatchObject({ node: 'b', port: 'in', direction: 'in', loc: 'a.yaml:4:3' });
    expect(stop.frame.input).toEqual({ n: 1 });
    expect(await running.send('a', 'in', { n: 2 })).toEqual({ n: 2 });
    expect(held).toBe(false);
    // The held process has passed a's out-port and reached b's in-port (send() itself is no edge).
    expect(debug.frames().map((f) => `${f.site.node}.${f.site.port}`)).toEqual(['a.out', 'b.in']);
    expect(debug.continue()).toBe(true);
    expect(await first).toEqual({ n: 1 });
    expect(debug.continue()).toBe(false);
  });

  it('logs at a logpoint without holding, and forgets frames when the process exits', async () => {
    const debug = new Debugger();
    const running = await chain(debug);
    debug.addBreakpoint({ symbol: 'a', port: 'out', log: 'sent {self.n}!' });
    const logged = next(debug, 'log');
    expect(await running.send('a', 'in', { n: 7 })).toEqual({ n: 7 });
    expect((await logged).message).toBe('sent 7!');
    expect(debug.processes()).toEqual([]);
  });

  it('refuses a condition that is not CEL', () => {
    expect(() => new Debugger().addBreakpoint({ symbol: 'a', condition: 'self ==' })).toThrow();
  });

  it('breakpoints by name apply to a version loaded later (a hot swap)', async () => {
    const debug = new Debugger();
    debug.addBreakpoint({ symbol: 'b' });
    await chain(debug);
    const running = await chain(debug); // the next version, same names
    const stopped = next(debug, 'stopped');
    const answer = running.send('a', 'in', 'x');
    expect((await stopped).frame.site.node).toBe('b');
    debug.continue();
    expect(await answer).toBe('x');
  });
});

describe('toYaml', () => {
  it('folds long strings and lists, shows bytes by size', () => {
    const text = toYaml({ long: 'x'.repeat(500), list: Array.from({ length: 30 }, (_, i) => i), body: new Uint8Array(12) });
    const data = parse(text) as { long: string; list: unknown[]; body: string };
    expect(data.long).toBe(`${'x'.repeat(200)}… (300 more chars)`);
    expect(data.list).toHaveLength(21);
    expect(data.list[20]).toBe('… (10 more items)');
    expect(data.body).toBe('<12 bytes>');
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(220);
  });
});

describe('Debugger.step', () => {
  it('stops at the next port the held process reaches', async () => {
    const debug = new Debugger();
    const running = await chain(debug);
    const point = debug.addBreakpoint({ symbol: 'a', port: 'out' });
    const first = next(debug, 'stopped');
    const answer = running.send('a', 'in', 'x');
    const stop = await first;
    expect(stop.frame.site).toMatchObject({ node: 'a', port: 'out' });
    debug.deleteBreakpoint(point.id);
    const second = next(debug, 'stopped');
    expect(debug.step(stop.frame.process)).toBe(true);
    const stepped = await second;
    expect(stepped).toMatchObject({ reason: 'step', frame: { site: { node: 'b', port: 'in' }, process: stop.frame.process } });
    debug.continue();
    expect(await answer).toBe('x');
  });

  it('keeps the processes of two program versions apart, though each version numbers its own from 1', () => {
    const debug = new Debugger();
    const site = { namespace: 't', node: 'a', id: 'id-a', kind: 'pass', port: 'in', direction: 'in' as const };
    const exits: Array<() => void> = [];
    const proc = () => ({ id: 1, parent: undefined, terminated: false, onExit: (hook: () => void) => void exits.push(hook) });
    const old = proc();
    const swapped = proc();
    debug.enter(site, 'old', old);
    debug.enter(site, 'new', swapped);
    const ids = debug.processes().map((p) => p.id);
    expect(new Set(ids).size).toBe(2);
    expect(debug.frames(ids[1]).map((f) => f.input)).toEqual(['new']);
    exits[0]!();
    expect(debug.processes().map((p) => p.id)).toEqual([ids[1]]);
  });
});
