import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '@flowc/compiler';
import { buildExample, flowc, http, ROOT, start, tempDir, type Response, type Started } from '../support/flowc.ts';

/**
 * examples/system-reflect.yaml over real HTTP: the running program's frames, processes, symbols, and the
 * specs and values of its store (a folder store, filled by `flowc apply` as uniflow's `--from-specs`
 * does), read through `sql` with `driver: internal`, behind the bearer token.
 */
const ADDON = join(dirname(createRequire(join(ROOT, 'runtime/package.json')).resolve('better-sqlite3/package.json')), 'build/Release/better_sqlite3.node');
const TOKEN = 'reflect-token-7f3a9c';
const auth = { Authorization: `Bearer ${TOKEN}` };

type Row = Record<string, unknown>;

describe('examples/system-reflect.yaml', () => {
  let server: Started;
  const get = async (path: string, headers: Record<string, string> = auth): Promise<Response> => http(server.port, 'GET', path, headers);
  const rows = async (path: string): Promise<Row[]> => {
    const r = await get(path);
    expect(r.status, `${path}: ${r.text}`).toBe(200);
    expect(r.text).not.toContain(TOKEN);
    return JSON.parse(r.text) as Row[];
  };

  beforeAll(async () => {
    const dir = tempDir();
    const store = join(dir, 'store');
    const token = join(dir, 'token.json');
    writeFileSync(token, JSON.stringify([{ namespace: 'system', name: 'system-token', data: TOKEN }]));
    for (const [type, file] of [['values', token], ['specs', join(ROOT, 'examples/system-reflect.yaml')]] as const) {
      const r = flowc(['apply', type, '-f', file, '--store', store]);
      if (r.status !== 0) throw new Error(`flowc apply ${type} failed:\n${r.stderr}`);
    }
    server = await start(buildExample('examples/system-reflect.yaml', ['-n', 'system']), ['--values', token], { PORT: '0', FLOWC_STORE: store, FLOWC_SQLITE_ADDON: ADDON });
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
  });

  it('401 without the token, as system.yaml', async () => {
    for (const headers of [{}, { Authorization: 'Bearer wrong' }] as Array<Record<string, string>>) {
      const r = await get('/v1/frames', headers);
      expect([r.status, JSON.parse(r.text)]).toEqual([401, { error: 'unauthorized' }]);
    }
  });

  it('frames: the packets of earlier requests, port by port, with the token masked', async () => {
    const known = await get('/v1/symbols?mark=known');
    expect(known.status).toBe(200);
    const all = await rows('/v1/frames');
    const entry = all.find((f) => f.node === 'routes' && f.port === 'in' && (f.input as Row).query !== undefined && JSON.stringify((f.input as Row).query) === '{"mark":["known"]}');
    expect(entry, 'the frame of the known request at the router').toBeDefined();
    const one = await rows(`/v1/frames?process=${String(entry!.process)}`);
    expect(one.every((f) => f.process === entry!.process)).toBe(true);
    expect(one.map((f) => `${String(f.node)} ${String(f.port)} ${String(f.direction)}`)).toEqual([
      'http out out',
      'auth in in',
      'auth out[0] out',
      'routes in in',
      'routes out[2] out',
      'symbols in in',
      'symbols out out',
      'tables in in',
      'tables out out',
      'rows in in',
    ]);
    const atAuth = one.find((f) => f.node === 'auth' && f.port === 'in')!;
    expect(atAuth).toMatchObject({ kind: 'if', location: expect.stringMatching(/system-reflect\.yaml:37:3$/), elapsed: expect.any(Number) });
    expect((atAuth.input as { header: Record<string, string[]> }).header.Authorization).toEqual(['Bearer ***']);
    // The answer that went back through the listener's out-port: the rows the request was given.
    const answered = one.find((f) => f.node === 'http')!;
    expect((answered.input as { status: number }).status).toBe(200);
    expect(answered.started).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('processes: the request asking is among the live ones, running', async () => {
    const live = await rows('/v1/processes');
    // That request's process, as its frames tell (they outlive it in the ring).
    const asked = (await rows('/v1/frames')).filter((f) => f.node === 'processes' && f.port === 'in').at(-1)!;
    expect(live).toContainEqual({ id: asked.process, parent: null, status: 0, frames: expect.any(Number), started: expect.stringMatching(/^\d{4}-/) });
    expect(live.find((p) => p.id === asked.process)!.frames).toBeGreaterThanOrEqual(6);
  });

  it('symbols: the loaded nodes with their YAML location and ports', async () => {
    const symbols = await rows('/v1/symbols');
    expect(symbols.map((s) => s.name)).toEqual(['auth', 'failed', 'frames', 'http', 'processes', 'routes', 'rows', 'specs', 'symbols', 'tables', 'unauthorized', 'values']);
    expect(symbols.find((s) => s.name === 'tables')).toMatchObject({
      kind: 'sql',
      namespace: 'system',
      location: expect.stringMatching(/system-reflect\.yaml:122:3$/),
      inputs: ['in'],
      outputs: ['out', 'error'],
      spec: { kind: 'sql', name: 'tables', driver: 'internal' },
    });
  });

  it('specs: the store\'s, fields as written (templates unbound)', async () => {
    const specs = await rows('/v1/specs?namespace=system');
    expect(specs).toHaveLength(12);
    expect(specs.find((s) => s.name === 'http')).toMatchObject({ kind: 'listener', namespace: 'system', spec: { port: '{{ .PORT }}', host: '127.0.0.1' } });
    expect(await rows('/v1/specs?namespace=nowhere')).toEqual([]);
  });

  it('values: the store\'s, data masked', async () => {
    const values = await rows('/v1/values');
    expect(values).toEqual([{ id: expect.any(String), namespace: 'system', name: 'system-token', annotations: null, data: '***' }]);
  });
});

describe('introspection costs nothing when unused', () => {
  it('only a program with `driver: internal` holds the frame-recording hooks', async () => {
    const dir = tempDir();
    const file = (name: string, driver: string): string => {
      const path = join(dir, `${name}.yaml`);
      writeFileSync(path, `- kind: sql\n  name: db\n  driver: ${driver}\n${driver === 'internal' ? '' : '  source: ":memory:"\n'}`);
      return path;
    };
    const [plain, internal] = await Promise.all([build({ inputs: [file('plain', 'sqlite')], cwd: dir }), build({ inputs: [file('internal', 'internal')], cwd: dir })]);
    const plainCode = plain.outputs[0]!.code;
    const internalCode = internal.outputs[0]!.code;
    for (const mark of ['IntrospectProgram', 'FrameRecorder', 'agent.enter(']) {
      expect(plainCode, mark).not.toContain(mark);
      expect(internalCode, mark).toContain(mark);
    }
  });
});
