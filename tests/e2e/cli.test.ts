import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowc, http, ROOT, start, tempDir } from '../support/flowc.ts';

const fixture = (code: string): string => join(ROOT, 'tests/diagnostics/fixtures', `${code}.yaml`);

describe('flowc CLI', () => {
  it('--help works for every command and shows examples', () => {
    expect(flowc(['--help']).stdout).toMatch(/build.*check.*run/s);
    for (const command of ['build', 'check', 'run']) {
      const r = flowc([command, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Examples:');
    }
  });

  it('a failed build prints a code frame, exits 1 and leaves the previous bundle untouched', () => {
    const dir = tempDir();
    const out = join(dir, 'app.mjs');
    expect(flowc(['build', join(ROOT, 'examples/ping.yaml'), '-o', out]).status).toBe(0);
    const before = readFileSync(out, 'utf8');
    const r = flowc(['build', fixture('UNKNOWN_KIND'), '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('UNKNOWN_KIND.yaml:5:9: error UNKNOWN_KIND: unknown node kind `routr`');
    expect(r.stderr).toMatch(/> 5 \| - kind: routr/);
    expect(r.stderr).toContain('hint: did you mean `router`?');
    expect(readFileSync(out, 'utf8')).toBe(before);
  });

  it('an output that cannot be written is OUTPUT_UNWRITABLE, exit 1, no stack trace, the previous bundle untouched', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.yaml'), '- kind: nop\n  name: sink\n');
    writeFileSync(join(dir, 'app.mjs'), 'previous');
    const r = flowc(['build', 'app.yaml', '-o', 'app.mjs', '--emit-ts', 'app.yaml/app.ts'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error OUTPUT_UNWRITABLE: cannot write `app.yaml/app.ts`: ENOTDIR: not a directory');
    expect(r.stderr + r.stdout).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'app.mjs'), 'utf8')).toBe('previous');
  });

  it('a file another command cannot write (schema -o, graph -o) is one line naming it, exit 1, no stack trace', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.yaml'), '- kind: nop\n  name: sink\n');
    for (const args of [['schema', '-o', 'app.yaml/schema.json'], ['graph', 'app.yaml', '-o', 'app.yaml/graph.svg', '--format', 'svg']]) {
      const r = flowc(args, { cwd: dir });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`flowc ${args[0]}: cannot open ${args[2] === '-o' ? args[3] : args[2]}: ENOTDIR: not a directory\n`);
    }
  });

  it('check --format json prints diagnostics as data', () => {
    const r = flowc(['check', fixture('UNKNOWN_NODE'), '--format', 'json']);
    expect(r.status).toBe(1);
    const diagnostics = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(diagnostics[0]).toMatchObject({ code: 'UNKNOWN_NODE', severity: 'error', line: 7, column: 9, node: 'a' });
  });

  it('check passes a valid project without writing anything', () => {
    const r = flowc(['check', join(ROOT, 'examples/ping.yaml')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('ok: 3 node(s)');
  });

  it('--emit-ts writes the readable program: one declaration per node, wiring visible', () => {
    const dir = tempDir();
    const r = flowc(['build', join(ROOT, 'examples/ping.yaml'), '-o', join(dir, 'p.mjs'), '--emit-ts', join(dir, 'p.ts')]);
    expect(r.status).toBe(0);
    const ts = readFileSync(join(dir, 'p.ts'), 'utf8');
    expect(ts.match(/program\.node\(/g)).toHaveLength(3);
    expect(ts).toContain('program.connect(n_listener.output("out"), n_router.input("in"));');
    expect(existsSync(join(dir, 'p.mjs.map'))).toBe(true);
  });

  it('a bundle carries only the kinds its program uses', () => {
    const dir = tempDir();
    flowc(['build', join(ROOT, 'examples/ping.yaml'), '-o', join(dir, 'p.mjs')]);
    const code = readFileSync(join(dir, 'p.mjs'), 'utf8');
    expect(code).toMatch(/"kind": ?"router"/);
    expect(code).not.toMatch(/"kind": ?"print"/);
    expect(code).not.toMatch(/"kind": ?"step"/);
  });

  it('JavaScript snippets are compiled into the bundle, and inputs may be folders and globs', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'a.yaml'),
      `- kind: listener
  name: http
  protocol: http
  host: 127.0.0.1
  port: '{{ .PORT }}'
  ports:
    out:
      - name: echo
        port: in
`,
    );
    writeFileSync(
      join(dir, 'b.json'),
      JSON.stringify([{ kind: 'snippet', name: 'echo', language: 'typescript', code: 'export default (req: { path: string }) => ({ status: 201, body: { path: req.path } });' }]),
    );
    const out = join(dir, 'out', 'app.mjs');
    expect(flowc(['build', dir, '-o', out]).status).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toContain('export default (req: {');
    expect(flowc(['check', `${dir}/*.yaml`, `${dir}/*.json`]).status).toBe(0);
    const server = await start(out, [], { PORT: '0' });
    const r = await http(server.port, 'GET', '/hello', { Accept: 'application/json' });
    expect([r.status, r.text]).toEqual([201, '{"path":"/hello"}\n']);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('flowc run builds in memory and serves, with --env', async () => {
    const server = await start(join(ROOT, 'cli/bin/flowc.mjs'), ['run', join(ROOT, 'examples/ping.yaml'), '--env', 'PORT=0'], {});
    const r = await http(server.port, 'GET', '/ping');
    expect(r.text).toBe('pong');
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
  });
});
