import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testSchema } from '@flowc/runtime/store/testing';
import { flowc, ROOT, tempDir } from '../support/flowc.ts';

/** `flowc apply/get/delete` against PostgreSQL (a schema of its own), and the store config lookup. */
const db = testSchema('flowc_cli');
afterAll(() => db.drop());

const store = ['--store', db.url];
const ok = (args: string[], options?: Parameters<typeof flowc>[1]): string => {
  const r = flowc(args, options);
  if (r.status !== 0) throw new Error(`flowc ${args.join(' ')} → ${r.status}\n${r.stderr}`);
  return r.stdout;
};
const getJson = (type: string, extra: string[] = []): Array<Record<string, unknown>> => JSON.parse(ok(['get', type, '-o', 'json', ...store, ...extra])) as Array<Record<string, unknown>>;

function file(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('flowc apply / get / delete (PostgreSQL)', () => {
  const dir = tempDir();

  it('apply → get → delete round trip; a re-apply is `unchanged`, a change `configured`', () => {
    const out = ok(['apply', 'specs', '-f', join(ROOT, 'examples/ping.yaml'), ...store]);
    expect(out.split('\n')[0]).toMatch(/^RESULT\s+NAMESPACE\s+NAME\s+KIND\s+ID$/);
    expect(out).toMatch(/created\s+default\s+listener\s+listener\s+[0-9a-f-]{36}/);
    const stored = getJson('specs');
    expect(stored.map((s) => s.name)).toEqual(['listener', 'pong', 'router']);
    expect(ok(['apply', 'specs', '-f', join(ROOT, 'examples/ping.yaml'), ...store])).toMatch(/unchanged\s+default\s+pong/);
    const changed = file(dir, 'pong.yaml', '- kind: snippet\n  name: pong\n  language: text\n  code: PONG\n');
    expect(ok(['apply', 'specs', '-f', changed, ...store])).toMatch(/configured\s+default\s+pong/);
    const after = getJson('specs', ['pong']);
    expect(after).toEqual([{ ...stored.find((s) => s.name === 'pong'), code: 'PONG' }]);
    expect(ok(['get', 'specs', 'pong', '-o', 'yaml', ...store])).toContain('code: PONG');
    // Deleting what others still reference would break the namespace: refused, unless all of it goes.
    const refused = flowc(['delete', 'specs', '--name', 'router', ...store]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/store:specs\/default\/listener\.yaml:\d+:\d+: error UNKNOWN_NODE: no node `router`/);
    expect(refused.stderr).toContain('the store was not changed');
    expect(ok(['delete', 'specs', '-f', join(ROOT, 'examples/ping.yaml'), ...store])).toMatch(/deleted\s+default\s+listener/);
    expect(getJson('specs')).toEqual([]);
  });

  it('a batch that would not build is rejected with the diagnostics `flowc check` prints, and the store keeps what it had', () => {
    ok(['apply', 'specs', '-f', join(ROOT, 'examples/ping.yaml'), ...store]);
    const before = getJson('specs');
    const bad = file(dir, 'bad.yaml', ['- kind: snippet', '  name: pong', '  language: text', '  code: changed', '', '- kind: routr', '  name: extra', ''].join('\n'));
    const applied = flowc(['apply', 'specs', '-f', bad, ...store]);
    const checked = flowc(['check', bad]);
    expect(applied.status).toBe(1);
    expect(applied.stdout).toBe('');
    const diagnostics = (text: string): string => text.slice(0, text.lastIndexOf('\n\n'));
    expect(diagnostics(applied.stderr)).toBe(diagnostics(checked.stderr));
    expect(applied.stderr).toContain(`${bad}:6:9: error UNKNOWN_KIND: unknown node kind \`routr\``);
    expect(applied.stderr).toMatch(/1 error\(s\): the store was not changed\n$/);
    // A spec that is fine alone but breaks what is stored (a port to a node that does not exist).
    const dangling = file(dir, 'dangling.yaml', '- kind: snippet\n  name: pong\n  language: text\n  code: x\n  ports:\n    out:\n      - name: nowhere\n        port: in\n');
    const r = flowc(['apply', 'specs', '-f', dangling, ...store]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${dangling}:7:9: error UNKNOWN_NODE: no node \`nowhere\``);
    // Duplicate names in one file: an error, not a silent skip (§9.21).
    const dup = file(dir, 'dup.yaml', '- { kind: nop, name: twice }\n- { kind: nop, name: twice }\n');
    const d = flowc(['apply', 'specs', '-f', dup, ...store]);
    expect([d.status, d.stderr]).toEqual([1, expect.stringMatching(/`twice` appears twice in the batch \(entries 1 and 2/)]);
    expect(getJson('specs')).toEqual(before);
    // --no-check writes what the store's own rules accept.
    ok(['apply', 'specs', '-f', dangling, '--no-check', ...store]);
    expect(getJson('specs', ['pong'])[0]!.code).toBe('x');
    ok(['delete', 'specs', '--all', '--no-check', ...store]);
  });

  it('values: apply before the specs that bind them; get redacts unless --show-secrets', () => {
    const spec = file(dir, 'bound.yaml', "- kind: snippet\n  name: greet\n  namespace: team\n  language: text\n  code: '{{ .USER }}'\n  env:\n    USER:\n      - name: mail\n        data: '{{ .user }}'\n");
    const early = flowc(['apply', 'specs', '-f', spec, ...store]);
    expect(early.status).toBe(1);
    expect(early.stderr).toContain('UNKNOWN_VALUE');
    const values = file(dir, 'values.yaml', '- name: mail\n  data:\n    user: robot\n    token: t0k3n\n');
    const applied = ok(['apply', 'values', '-f', values, '-n', 'team', ...store]);
    expect(applied).toMatch(/created\s+team\s+mail\s+\*\*\*/);
    expect(applied).not.toContain('t0k3n');
    ok(['apply', 'specs', '-f', spec, ...store]);
    expect(ok(['get', 'values', '-n', 'team', ...store])).not.toContain('t0k3n');
    expect(getJson('values', ['-n', 'team'])[0]!.data).toBe('***');
    expect(getJson('values', ['-n', 'team', '--show-secrets'])[0]!.data).toEqual({ user: 'robot', token: 't0k3n' });
    expect(getJson('values')).toEqual([]);
    expect(getJson('values', ['-A'])).toHaveLength(1);
    // Deleting the value the spec binds would break namespace `team`.
    const r = flowc(['delete', 'values', '--name', 'mail', '-n', 'team', ...store]);
    expect([r.status, r.stderr]).toEqual([1, expect.stringContaining('UNKNOWN_VALUE')]);
  });

  it('delete needs exactly one selector; file entries need an id or a name (§9.17, §9.21)', () => {
    expect(flowc(['delete', 'specs', ...store]).status).toBe(2);
    expect(flowc(['delete', 'specs', '--all', '--name', 'x', ...store]).status).toBe(2);
    const anonymous = file(dir, 'anon.yaml', '- kind: nop\n');
    const r = flowc(['delete', 'specs', '-f', anonymous, ...store]);
    expect([r.status, r.stderr]).toEqual([1, expect.stringMatching(/names neither an `id` nor a `name`/)]);
    expect(flowc(['get', 'nodes', ...store]).status).toBe(2);
    expect(flowc(['apply', 'specs', ...store]).status).toBe(2);
  });

  it('charts are applied and listed like the rest', () => {
    const chart = file(dir, 'chart.yaml', '- name: shout\n  specs:\n    - kind: snippet\n      name: up\n      language: javascript\n      code: "export default (s) => String(s).toUpperCase()"\n  inbounds:\n    in: [{ name: up, port: in }]\n  outbounds:\n    out: [{ name: up, port: out }]\n');
    expect(ok(['apply', 'charts', '-f', chart, ...store])).toMatch(/created\s+default\s+shout\s+1/);
    const user = file(dir, 'uses.yaml', '- kind: shout\n  name: loud\n');
    ok(['apply', 'specs', '-f', user, ...store]);
    const gone = flowc(['delete', 'charts', '--name', 'shout', ...store]);
    expect([gone.status, gone.stderr]).toEqual([1, expect.stringContaining('UNKNOWN_KIND')]);
  });
});

describe('which store the CLI uses', () => {
  const spec = '- kind: nop\n  name: here\n';

  it('defaults to the folder ./flows', () => {
    const cwd = tempDir();
    file(cwd, 'a.yaml', spec);
    ok(['apply', 'specs', '-f', 'a.yaml'], { cwd, env: { FLOWC_STORE: '' } });
    expect(ok(['get', 'specs', '-o', 'yaml'], { cwd, env: { FLOWC_STORE: '' } })).toContain('name: here');
    expect(flowc(['get', 'specs', '-o', 'json'], { cwd: tempDir(), env: { FLOWC_STORE: '' } }).stdout).toBe('[]\n');
  });

  it('flowc.config.json `store` (relative to the file), then FLOWC_STORE, then --store', () => {
    const cwd = tempDir();
    file(cwd, 'a.yaml', spec);
    file(cwd, 'flowc.config.json', JSON.stringify({ store: 'state' }));
    ok(['apply', 'specs', '-f', 'a.yaml'], { cwd, env: { FLOWC_STORE: '' } });
    expect(ok(['get', 'specs', '-o', 'json', '--store', join(cwd, 'state')], { cwd })).toContain('"here"');
    const env = { FLOWC_STORE: db.url };
    expect(ok(['get', 'specs', '-o', 'json'], { cwd, env })).not.toContain('"here"');
    expect(flowc(['get', 'specs', 'here'], { cwd, env })).toMatchObject({ status: 1, stderr: 'no specs found in namespace default\n' });
    mkdirSync(join(cwd, 'other'));
    expect(ok(['get', 'specs', '-o', 'json', '--store', 'other'], { cwd, env })).toBe('[]\n');
  });

  it('a flowc.config.mjs default export works too', () => {
    const cwd = tempDir();
    file(cwd, 'a.yaml', spec);
    file(cwd, 'flowc.config.mjs', "export default { store: 'mjs-store' };\n");
    ok(['apply', 'specs', '-f', 'a.yaml'], { cwd, env: { FLOWC_STORE: '' } });
    expect(ok(['get', 'specs', '-o', 'json', '--store', join(cwd, 'mjs-store')], { cwd })).toContain('"here"');
  });

  it('an unreachable PostgreSQL is one clear line, exit 1', () => {
    const r = flowc(['get', 'specs', '--store', 'postgres://postgres@127.0.0.1:1/test']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^flowc: cannot reach PostgreSQL at postgres:\/\/127\.0\.0\.1:1\/test\?schema=public: .*ECONNREFUSED/);
  });
});
