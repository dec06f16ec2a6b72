import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { flowc, http, start, tempDir } from '../support/flowc.ts';

describe('flowc init', () => {
  it('scaffolds a project in which check and build pass straight away, and whose program answers', async () => {
    const dir = join(tempDir(), 'shop');
    const r = flowc(['init', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['.github', '.gitignore', 'README.md', 'flowc.config.mjs', 'flowc.schema.json', 'flows', 'package.json']);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({ name: 'shop', scripts: { check: 'flowc check flows/' } });
    expect(readFileSync(join(dir, '.github/workflows/flowc.yml'), 'utf8')).toContain('npx flowc build flows/ -o dist/app.mjs');

    const checked = flowc(['check', 'flows/'], { cwd: dir });
    expect(checked.status, checked.stderr).toBe(0);
    expect(checked.stderr).not.toMatch(/warning/);
    const tested = flowc(['test', 'flows/'], { cwd: dir });
    expect(tested.status, tested.stdout + tested.stderr).toBe(0);
    expect(tested.stdout).toContain('3 passed, 0 failed');
    expect(readFileSync(join(dir, '.github/workflows/flowc.yml'), 'utf8')).toContain('npx flowc test flows/');
    const built = flowc(['build', 'flows/', '-o', 'dist/app.mjs'], { cwd: dir });
    expect(built.status, built.stderr).toBe(0);

    const server = await start(join(dir, 'dist/app.mjs'), [], { PORT: '0' });
    try {
      expect((await http(server.port, 'GET', '/ping')).text).toBe('pong');
      expect((await http(server.port, 'GET', '/hello/ada')).text).toBe('hello, ada');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('the flow validates with the schema it names', () => {
    const dir = join(tempDir(), 'p');
    expect(flowc(['init', dir]).status).toBe(0);
    const flow = readFileSync(join(dir, 'flows/app.yaml'), 'utf8');
    expect(flow.split('\n')[0]).toBe('# yaml-language-server: $schema=../flowc.schema.json');
    const validate = new Ajv2020({ strictRequired: false }).compile(JSON.parse(readFileSync(join(dir, 'flowc.schema.json'), 'utf8')) as object);
    for (const doc of parseAllDocuments(flow)) expect(validate(doc.toJS())).toBe(true);
  });

  it('refuses a folder that is not empty, and writes nothing', () => {
    const dir = tempDir();
    expect(flowc(['init', dir]).status).toBe(0);
    const again = flowc(['init', dir]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('is not empty');
    expect(existsSync(join(dir, 'flows/app.yaml'))).toBe(true);
  });
});
