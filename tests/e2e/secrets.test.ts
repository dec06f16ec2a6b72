import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowc, http, start, tempDir } from '../support/flowc.ts';

const SECRET = 's3cr3t-T0KEN-7f9a';

const specs = `
- kind: listener
  name: http
  protocol: http
  host: 127.0.0.1
  port: '{{ .PORT }}'
  ports:
    out:
      - name: routes
        port: in
- kind: router
  name: routes
  routes:
    - { method: GET, path: /ok, port: 'out[0]' }
    - { method: GET, path: /fail, port: 'out[1]' }
  ports:
    out[0]:
      - name: ok
        port: in
    out[1]:
      - name: fail
        port: in
- kind: snippet
  name: ok
  language: text
  code: 'token has {{ len .TOKEN }} characters'
  env:
    TOKEN:
      - name: api
        data: '{{ .token }}'
- kind: throw
  name: fail
  message: 'upstream refused token {{ .TOKEN }}'
  env:
    TOKEN:
      - name: api
        data: '{{ .token }}'
`;

function project(): { dir: string; values: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 'app.yaml'), specs);
  const values = join(dir, 'values.json');
  writeFileSync(values, JSON.stringify([{ name: 'api', data: { token: SECRET } }]));
  return { dir, values };
}

describe('values never enter a build artifact, a log line or an error message', () => {
  it('build --values checks bindings, and no artifact contains the secret', () => {
    const { dir, values } = project();
    const r = flowc(['build', join(dir, 'app.yaml'), '--values', values, '-o', join(dir, 'out/app.mjs'), '--emit-ts', join(dir, 'out/app.ts')]);
    expect(r.status, r.stderr).toBe(0);
    const artifacts = readdirSync(join(dir, 'out'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(artifacts.length).toBeGreaterThanOrEqual(3);
    for (const a of artifacts) expect(readFileSync(join(a.parentPath, a.name), 'utf8')).not.toContain(SECRET);
    expect(r.stderr + r.stdout).not.toContain(SECRET);
  });

  it('a value that does not exist is a build error when values are given', () => {
    const { dir } = project();
    const empty = join(dir, 'none.json');
    writeFileSync(empty, '[]');
    const r = flowc(['build', join(dir, 'app.yaml'), '--values', empty, '-o', join(dir, 'x.mjs')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('UNKNOWN_VALUE');
  });

  it('without values the program refuses to start, naming the spec and the value', async () => {
    const { dir } = project();
    const out = join(dir, 'app.mjs');
    expect(flowc(['build', join(dir, 'app.yaml'), '-o', out]).status).toBe(0);
    const run = await start(out, [], { PORT: '0' }, false);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('node `ok`');
    expect(run.stderr()).toContain('binds value `api`, which does not exist');
  });

  it('bound at start; an error raised with the secret in it does not echo it to the client or the log', async () => {
    const { dir, values } = project();
    const out = join(dir, 'app.mjs');
    expect(flowc(['build', join(dir, 'app.yaml'), '-o', out]).status).toBe(0);
    const server = await start(out, ['--values', values], { PORT: '0' });
    expect((await http(server.port, 'GET', '/ok')).text).toBe(`token has ${SECRET.length} characters`);
    const failed = await http(server.port, 'GET', '/fail');
    expect(failed.status).toBe(500);
    expect(failed.text).not.toContain(SECRET);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toContain('upstream refused token ***');
    expect(server.stderr() + server.stdout()).not.toContain(SECRET);
  });
});

describe('a values file with a syntax error is reported without its text', () => {
  // The secret sits on the line of the error and the lines around it, where a code frame would show it.
  const broken = `- name: api\n  data:\n    token: ${SECRET}\n    token: ${SECRET}\n    next: ${SECRET}\n`;

  const write = (name: string, text: string): { dir: string; file: string } => {
    const { dir } = project();
    writeFileSync(join(dir, name), text);
    return { dir, file: join(dir, name) };
  };

  it('flowc build --values names the file and line, shows no code frame', () => {
    const { dir, file } = write('values.yaml', broken);
    const r = flowc(['build', join(dir, 'app.yaml'), '--values', file, '-o', join(dir, 'x.mjs')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('values.yaml:4:5: error YAML_SYNTAX: Map keys must be unique');
    expect(r.stderr + r.stdout).not.toContain(SECRET);
  });

  it('flowc apply values -f names the line, shows no code frame', () => {
    const { dir, file } = write('values.yaml', broken);
    const r = flowc(['apply', 'values', '-f', file, '--store', join(dir, 'store')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('values.yaml:4:5: error YAML_SYNTAX: Map keys must be unique');
    expect(r.stderr + r.stdout).not.toContain(SECRET);
  });

  it('a bundle started with --values names the file and position, not the text around it', async () => {
    const { dir } = project();
    const out = join(dir, 'app.mjs');
    expect(flowc(['build', join(dir, 'app.yaml'), '-o', out]).status).toBe(0);
    for (const [name, text] of [
      ['unclosed.json', `[{"name":"api","data":{"token": "${SECRET}"}}`],
      ['comma.json', `[{"name":"api","data":{"token":"${SECRET}" "x"}}]`],
      ['broken.yaml', `- name: api\n  data:\n    token: "${SECRET}\n`],
    ] as const) {
      writeFileSync(join(dir, name), text);
      const run = await start(out, ['--values', join(dir, name)], { PORT: '0' }, false);
      expect(await run.exited).toBe(1);
      expect(run.stderr()).toMatch(new RegExp(`--values ${join(dir, name).replace(/[.\\/]/g, '\\$&')}: not valid YAML or JSON at line \\d+, column \\d+`));
      expect(run.stderr() + run.stdout()).not.toContain(SECRET);
    }
  });

  it('a bundle reads a YAML values file, with the shape `flowc run` takes', async () => {
    const { dir } = project();
    const out = join(dir, 'app.mjs');
    expect(flowc(['build', join(dir, 'app.yaml'), '-o', out]).status).toBe(0);
    writeFileSync(join(dir, 'values.yaml'), `- name: api\n  data:\n    token: ${SECRET}\n`);
    const server = await start(out, ['--values', join(dir, 'values.yaml')], { PORT: '0' });
    try {
      expect((await http(server.port, 'GET', '/ok')).text).toBe(`token has ${SECRET.length} characters`);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
    writeFileSync(join(dir, 'map.yaml'), `api:\n  token: ${SECRET}\n`);
    const wrong = await start(out, ['--values', join(dir, 'map.yaml')], { PORT: '0' }, false);
    expect(await wrong.exited).toBe(1);
    expect(wrong.stderr()).toContain('a values file is a list of entries with `name` and `data`, but this is a map of `api`');
    expect(wrong.stderr()).not.toContain(SECRET);
  });

  it('a map of names to data is VALUES_INVALID at check, and a bundle that binds no values does not read one', async () => {
    const { dir } = project();
    writeFileSync(join(dir, 'map.yaml'), `api:\n  token: ${SECRET}\nPORT: 8000\n`);
    const r = flowc(['check', join(dir, 'app.yaml'), '--values', join(dir, 'map.yaml')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('map.yaml:1:1: error VALUES_INVALID: a values file is a list of entries with `name` and `data`, but this is a map of `api`, `PORT`');
    expect(r.stderr).not.toContain(SECRET);
    writeFileSync(join(dir, 'plain.yaml'), '- kind: listener\n  name: l\n  protocol: http\n  host: 127.0.0.1\n  port: \'{{ .PORT }}\'\n');
    const out = join(dir, 'plain.mjs');
    expect(flowc(['build', join(dir, 'plain.yaml'), '-o', out]).status).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toContain('readValuesFile');
    const server = await start(out, ['--values', join(dir, 'map.yaml')], { PORT: '0' });
    try {
      expect(server.stderr()).toContain('this program binds no values, so the file is not read');
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });
});

describe('namespaces', () => {
  it('--all-namespaces builds one bundle per namespace', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), '- kind: nop\n  name: x\n  namespace: billing\n- kind: nop\n  name: x\n  namespace: shipping\n');
    const r = flowc(['build', join(dir, 'a.yaml'), '--all-namespaces', '-o', join(dir, 'dist')]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'dist')).sort()).toEqual(['billing.mjs', 'billing.mjs.map', 'shipping.mjs', 'shipping.mjs.map']);
  });
});
