import { Type } from '@sinclair/typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { defineKind, implement } from '../core/kind.ts';
import { Process } from '../core/process.ts';
import { Program, type RunningProgram } from '../core/program.ts';
import type { HostServices } from '../core/services.ts';
import { memoryStore } from '../store/memory.ts';
import sql from '../nodes/sql.ts';
import { READ_ONLY } from '../sql/internal.ts';
import { Debugger } from '../debug/debugger.ts';
import { attachDebugger } from '../debug/protocol.ts';
import { IntrospectProgram } from './program.ts';
import { FrameRecorder, frameCapacity } from './recorder.ts';

const host: HostServices = {
  listen: () => Promise.reject(new Error('no sockets in this test')),
  write: (_s, d) => d.length,
  log: () => undefined,
};

/** Passes its payload on (or answers with it when `out` is unwired). */
const pass = implement(
  defineKind({ kind: 'pass', description: 'test kind', schema: Type.Object({}), inputs: { in: {} }, outputs: { out: {} }, implementation: './introspect.test.ts' }),
  { create: ({ out }) => ({ inputs: { in: (payload, proc) => out('out').send(payload, proc) } }) },
);

const TOKEN = 's3cret-token';
let namespaces = 0;
const running: RunningProgram[] = [];
afterEach(async () => {
  attachDebugger(undefined);
  for (const r of running.splice(0)) await r.stop();
});

/**
 * a → b (a binds the value `token`), and q → db, `db` reading the program's own tables. Each program
 * has a namespace of its own, so each has its own recorder.
 */
async function program(fields: Record<string, unknown> = { driver: 'internal' }, ProgramClass: typeof Program = IntrospectProgram, namespace = `introspect-${process.pid}-${++namespaces}`): Promise<RunningProgram> {
  const p = new ProgramClass({ namespace, hash: 'h' });
  const a = p.node({ id: 'id-a', name: 'a', loc: 'app.yaml:1:3', kind: pass as never, fields: {}, env: { TOKEN: [{ name: 'token' }] } });
  const b = p.node({ id: 'id-b', name: 'b', loc: 'app.yaml:5:3', kind: pass as never, fields: {} });
  const q = p.node({ id: 'id-q', name: 'q', loc: 'app.yaml:8:3', kind: pass as never, fields: {} });
  const db = p.node({ id: 'id-db', name: 'db', loc: 'app.yaml:11:3', kind: sql as never, fields });
  p.connect(a.output('out'), b.input('in'));
  p.connect(q.output('out'), db.input('in'));
  const started = await p.start(host, { values: [{ name: 'token', namespace, data: TOKEN }, { name: 'other', namespace: 'elsewhere', data: 'hidden-too' }] });
  running.push(started);
  return started;
}

const query = (r: RunningProgram, statement: unknown): Promise<unknown> => r.send('q', 'in', statement);

describe('sql with driver: internal', () => {
  it('shows the frames of earlier traffic, payloads as data, the values of the program masked', async () => {
    const r = await program();
    expect(await r.send('a', 'in', { n: 1, auth: `Bearer ${TOKEN}` })).toEqual({ n: 1, auth: `Bearer ${TOKEN}` });
    const rows = await query(r, "SELECT node, port, direction, location, input, output, elapsed FROM frames WHERE node IN ('a', 'b') ORDER BY id");
    expect(rows).toEqual([
      { node: 'a', port: 'out', direction: 'out', location: 'app.yaml:1:3', input: { n: 1, auth: 'Bearer ***' }, output: { n: 1, auth: 'Bearer ***' }, elapsed: expect.any(Number) },
      { node: 'b', port: 'in', direction: 'in', location: 'app.yaml:5:3', input: { n: 1, auth: 'Bearer ***' }, output: { n: 1, auth: 'Bearer ***' }, elapsed: expect.any(Number) },
    ]);
    // The statement's own process is in flight while it reads: its frames have no answer yet.
    expect(await query(r, ["SELECT port, elapsed FROM frames WHERE node = :node ORDER BY id DESC LIMIT 1", { node: 'db' }])).toEqual([{ port: 'in', elapsed: null }]);
  });

  it('lists the live processes (the one asking among them), the symbols and the specs as written', async () => {
    const r = await program();
    const processes = (await query(r, 'SELECT id, parent, status, frames FROM processes')) as Array<Record<string, unknown>>;
    expect(processes).toHaveLength(1);
    expect(processes[0]).toMatchObject({ parent: null, status: 0, frames: 2 });
    const [own] = (await query(r, "SELECT process FROM frames WHERE node = 'db' ORDER BY id DESC LIMIT 1")) as Array<{ process: number }>;
    expect(typeof own!.process).toBe('number');

    expect(await query(r, 'SELECT name, kind, location, inputs, outputs FROM symbols ORDER BY name')).toEqual([
      { name: 'a', kind: 'pass', location: 'app.yaml:1:3', inputs: ['in'], outputs: ['out'] },
      { name: 'b', kind: 'pass', location: 'app.yaml:5:3', inputs: ['in'], outputs: ['out'] },
      { name: 'db', kind: 'sql', location: 'app.yaml:11:3', inputs: ['in'], outputs: ['out', 'error'] },
      { name: 'q', kind: 'pass', location: 'app.yaml:8:3', inputs: ['in'], outputs: ['out'] },
    ]);
    const [spec] = (await query(r, "SELECT * FROM specs WHERE name = 'db'")) as Array<Record<string, unknown>>;
    expect(spec).toEqual({ id: 'id-db', namespace: expect.stringMatching(/^introspect-/), name: 'db', kind: 'sql', annotations: null, spec: { id: 'id-db', namespace: spec!.namespace, name: 'db', kind: 'sql', driver: 'internal' } });
    // SQL reads into JSON columns.
    expect(await query(r, "SELECT json_extract(spec, '$.driver') AS driver FROM specs WHERE kind = 'sql'")).toEqual([{ driver: 'internal' }]);
  });

  it('never shows the data of a value', async () => {
    const r = await program();
    const values = await query(r, 'SELECT name, namespace, data FROM "values" ORDER BY name');
    expect(values).toEqual([
      { name: 'other', namespace: 'elsewhere', data: '***' },
      { name: 'token', namespace: expect.stringMatching(/^introspect-/), data: '***' },
    ]);
    expect(JSON.stringify(await query(r, 'SELECT * FROM "values"'))).not.toContain('hidden-too');
  });

  it('refuses statements that write, with the way to change specs and values', async () => {
    const r = await program();
    for (const statement of ["DELETE FROM specs WHERE name = 'a'", "UPDATE frames SET node = 'x'", "INSERT INTO \"values\" (name, data) VALUES ('v', 'x')", 'CREATE TABLE t (a)']) {
      const answer = await query(r, statement);
      expect(answer, statement).toBeInstanceOf(Error);
      expect((answer as Error).message, statement).toMatch(/^(the internal tables .* are read-only|sql: table \S+ may not be modified)/);
    }
    expect(((await query(r, 'CREATE TABLE t (a)')) as Error).message).toBe(READ_ONLY);
    expect(((await query(r, 'SELECT * FROM nowhere')) as Error).message).toBe('sql: no such table: nowhere');
  });

  it('reads specs and values from the store named by `source`, data masked', async () => {
    const url = `mem://introspect-${process.pid}-${namespaces + 1}`;
    const store = memoryStore(url.slice('mem://'.length));
    await store.apply('specs', [{ kind: 'nop', name: 'stored-spec', namespace: 'apps' }]);
    await store.apply('values', [{ name: 'db-password', namespace: 'apps', data: 'very-secret' }]);
    const r = await program({ driver: 'internal', source: url });
    expect(await query(r, 'SELECT namespace, name, kind, json_extract(spec, \'$.kind\') AS k FROM specs')).toEqual([{ namespace: 'apps', name: 'stored-spec', kind: 'nop', k: 'nop' }]);
    expect(await query(r, 'SELECT namespace, name, data FROM "values"')).toEqual([{ namespace: 'apps', name: 'db-password', data: '***' }]);
    await store.close();
  });

  it('keeps its frames across a hot swap: the next version of the namespace reads them', async () => {
    const namespace = `introspect-${process.pid}-swap`;
    const first = await program(undefined, IntrospectProgram, namespace);
    await first.send('a', 'in', 'before the swap');
    const second = await program(undefined, IntrospectProgram, namespace);
    await first.stop();
    expect(await query(second, "SELECT input FROM frames WHERE node = 'b'")).toEqual([{ input: 'before the swap' }]);
  });

  it('records beside the debugger: a held packet is a frame in flight, then an answered one', async () => {
    const debug = new Debugger();
    attachDebugger(debug);
    const r = await program();
    debug.addBreakpoint({ symbol: 'b', port: 'in' });
    const stopped = new Promise<void>((resolve) => {
      const off = debug.on((e) => {
        if (e.type !== 'stopped') return;
        off();
        resolve();
      });
    });
    const held = r.send('a', 'in', 'held');
    await stopped;
    debug.deleteBreakpoint(1);
    expect(await query(r, "SELECT elapsed FROM frames WHERE node = 'b'")).toEqual([{ elapsed: null }]);
    expect(debug.continue()).toBe(true);
    expect(await held).toBe('held');
    expect(await query(r, "SELECT output FROM frames WHERE node = 'b'")).toEqual([{ output: 'held' }]);
  });

  it('needs a program built to record frames', async () => {
    await expect(program({ driver: 'internal' }, Program)).rejects.toThrow(/`driver: internal` must be written as a literal/);
  });
});

describe('FrameRecorder', () => {
  it('keeps the newest frames in a ring of fixed size; processes only while they live', async () => {
    const recorder = new FrameRecorder(3);
    const site = { namespace: 'n', node: 'x', id: 'x', kind: 'pass', port: 'in', direction: 'in' as const };
    const proc = new Process();
    for (let i = 1; i <= 5; i++) recorder.leave(recorder.enter(site, i, proc).frame, i * 10);
    expect(recorder.frames().map((f) => [f.id, f.input, f.output])).toEqual([
      [3, 3, 30],
      [4, 4, 40],
      [5, 5, 50],
    ]);
    expect(recorder.processes()).toEqual([{ id: 1, parent: undefined, status: 0, frames: 3, started: expect.any(Number) }]);
    await proc.exit();
    expect(recorder.processes()).toEqual([]);
    // The frames of an ended process stay until newer ones take their place.
    expect(recorder.frames()).toHaveLength(3);
  });

  it('numbers processes itself: two program versions (bundle copies) count their processes from 1 each', () => {
    const recorder = new FrameRecorder(10);
    const site = { namespace: 'n', node: 'x', id: 'x', kind: 'pass', port: 'in', direction: 'in' as const };
    // The process of another copy of the runtime, as the structural interface sees it, with the same number.
    const mine = new Process();
    const theirs = { id: mine.id, parent: undefined, terminated: false, onExit: () => undefined };
    recorder.enter(site, 'a', mine);
    recorder.enter(site, 'b', theirs);
    expect(recorder.frames().map((f) => [f.input, f.process])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(recorder.processes().map((p) => p.id)).toEqual([1, 2]);
  });

  it('reads its size from FLOWC_INTROSPECTION_FRAMES', () => {
    expect(frameCapacity({})).toBe(1000);
    expect(frameCapacity({ FLOWC_INTROSPECTION_FRAMES: '50' })).toBe(50);
    expect(() => frameCapacity({ FLOWC_INTROSPECTION_FRAMES: '0' })).toThrow(/from 1 to 1000000/);
  });
});
