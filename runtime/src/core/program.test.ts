import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { defineKind, implement } from './kind.ts';
import { FlowError, NONE } from './packet.ts';
import { Program, StartError } from './program.ts';
import { tpl } from './binding.ts';
import type { HostServices } from './services.ts';

const host: HostServices = {
  listen: () => Promise.reject(new Error('no sockets in this test')),
  write: (_s, d) => d.length,
  log: () => undefined,
};

/** Answers with `fields.value`, or fails when it is `fail`; records the packets it sees. */
const probeDefinition = defineKind({
  kind: 'probe',
  description: 'test kind',
  schema: Type.Object({ value: Type.Optional(Type.Unknown()), port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })) }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: './program.test.ts',
});

const probe = implement(probeDefinition, {
  create: ({ fields, out }) => ({
    inputs: {
      in: (payload, proc) =>
        fields.value === 'fail'
          ? out('error').send(new FlowError(`failed on ${JSON.stringify(payload)}`), proc)
          : out('out').send(fields.value === undefined ? payload : fields.value, proc),
    },
  }),
});

function node(p: Program, name: string, fields: Record<string, unknown> = {}) {
  return p.node({ id: name, name, kind: probe as never, fields });
}

describe('Program', () => {
  it('an unconnected out answers with the node output', async () => {
    const p = new Program({ namespace: 't', hash: 'h' });
    node(p, 'a', { value: 'A' });
    const running = await p.start(host);
    expect(await running.send('a', 'in', 1)).toBe('A');
  });

  it('fans out to every link and joins the answers in link order', async () => {
    const p = new Program({ namespace: 't', hash: 'h' });
    const a = node(p, 'a');
    const b = node(p, 'b', { value: 'B' });
    const c = node(p, 'c', { value: 'C' });
    p.connect(a.output('out'), b.input('in'));
    p.connect(a.output('out'), c.input('in'));
    const running = await p.start(host);
    expect(await running.send('a', 'in', 1)).toEqual(['B', 'C']);
  });

  it('an unconnected error port sends the error back; a connected one handles it', async () => {
    const p = new Program({ namespace: 't', hash: 'h' });
    node(p, 'bad', { value: 'fail' });
    const handled = node(p, 'handled', { value: 'fail' });
    const fallback = node(p, 'fallback', { value: 'recovered' });
    p.connect(handled.output('error'), fallback.input('in'));
    const running = await p.start(host);
    expect(await running.send('bad', 'in', 1)).toBeInstanceOf(Error);
    expect(await running.send('handled', 'in', 1)).toBe('recovered');
  });

  it('a forwarded None arrives as null', async () => {
    const noneDefinition = defineKind({ kind: 'none', description: '', schema: Type.Object({}), inputs: { in: {} }, outputs: { out: {} }, implementation: './program.test.ts' });
    const none = implement(noneDefinition, { create: ({ out }) => ({ inputs: { in: (_p, proc) => out('out').send(NONE, proc) } }) });
    const p = new Program({ namespace: 't', hash: 'h' });
    const n = p.node({ id: 'n', name: 'n', kind: none as never, fields: {} });
    const echo = node(p, 'echo');
    p.connect(n.output('out'), echo.input('in'));
    const running = await p.start(host);
    expect(await running.send('n', 'in', 1)).toBe(null);
  });

  it('init and term receive the node spec; a failing init fails the start', async () => {
    const seen: unknown[] = [];
    const recordDefinition = defineKind({ kind: 'record', description: '', schema: Type.Object({}), inputs: { in: {} }, outputs: {}, implementation: './program.test.ts' });
    const record = implement(recordDefinition, { create: () => ({ inputs: { in: (payload) => (seen.push(payload), NONE) } }) });
    const p = new Program({ namespace: 't', hash: 'h' });
    const a = node(p, 'a', { value: 'x' });
    const r = p.node({ id: 'r', name: 'r', kind: record as never, fields: {} });
    p.connect(a.output('init'), r.input('in'));
    p.connect(a.output('term'), r.input('in'));
    const running = await p.start(host);
    expect(seen).toEqual([{ id: 'a', kind: 'probe', namespace: 't', name: 'a', value: 'x' }]);
    await running.stop();
    expect(seen).toHaveLength(2);

    const failing = new Program({ namespace: 't', hash: 'h' });
    const f = node(failing, 'f');
    const bad = node(failing, 'bad', { value: 'fail' });
    failing.connect(f.output('init'), bad.input('in'));
    await expect(failing.start(host)).rejects.toThrow(/`init` of node `f` failed/);
  });

  it('binds templates at start, coerces typed fields and reports every missing key together', async () => {
    const template = (key: string) => tpl({ source: `{{ .${key} }}`, nodes: [{ type: 'action', pipe: [{ type: 'field', path: [key] }] }] });
    const p = new Program({ namespace: 't', hash: 'h' });
    node(p, 'a', { value: template('A'), port: template('PORT') });
    node(p, 'b', { value: template('B') });
    const error = await p.start(host, { env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartError);
    expect((error as StartError).problems).toHaveLength(3);
    expect((error as StartError).message).toContain('node `a` field `value`: template key `A` is not set');

    const running = await p.start(host, { env: { A: 'hello', B: 'b', PORT: '8080' } });
    expect(await running.send('a', 'in', 1)).toBe('hello');
    const wrong = await p.start(host, { env: { A: 'a', B: 'b', PORT: 'secret-text' } }).catch((e: unknown) => e as Error);
    expect((wrong as Error).message).toContain('field `port`: the rendered template is not a valid integer');
    expect((wrong as Error).message).not.toContain('secret-text');
    // A rendered number must meet the schema's bounds, as a literal does at build time.
    const outside = await p.start(host, { env: { A: 'a', B: 'b', PORT: '99999' } }).catch((e: unknown) => e as Error);
    expect((outside as Error).message).toContain('node `a` field `port`: the rendered template is not an integer from 0 to 65535');
  });

  it('names the node whose load fails (a listener whose port is taken)', async () => {
    const loadFails = implement(defineKind({ kind: 'taken', description: '', schema: Type.Object({}), inputs: {}, outputs: {}, implementation: './program.test.ts' }), {
      create: () => ({
        inputs: {},
        load: () => Promise.reject(new Error('cannot listen on every interface port 80: in use')),
      }),
    });
    const p = new Program({ namespace: 't', hash: 'h' });
    p.node({ id: 'l', name: 'l', kind: loadFails as never, fields: {}, loc: 'flow.yaml:3:3' });
    const error = await p.start(host).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartError);
    expect((error as StartError).problems).toEqual(['node `l` (flow.yaml:3:3): cannot listen on every interface port 80: in use']);
  });
});
