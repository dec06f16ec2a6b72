// One fixture per way an extension can be wrong: each is reported as a located diagnostic with its code,
// never as a stack trace, and the other kinds keep working.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, check } from '@flowc/compiler';
import { flowc, tempDir } from '../support/flowc.ts';

const KIND = (name: string, extra = ''): string => `
import { defineKind } from '@flowc/runtime';
import { Type } from '@flowc/runtime/schema';
export default defineKind({
  kind: '${name}',
  description: 'a test kind',
  schema: Type.Object({ word: Type.String() }),
  inputs: { in: {} },
  outputs: { out: {} },
  implementation: './impl.ts',${extra}
});
`;
const IMPL = `import { implement } from '@flowc/runtime';\nimport kind from './kind.ts';\nexport default implement(kind, { create: ({ fields, out }) => ({ inputs: { in: (_p, proc) => out('out').send(fields.word, proc) } }) });\n`;
const SPEC = (kind: string): string => `- kind: ${kind}\n  name: node\n  word: hi\n`;

interface Fixture {
  readonly files: Record<string, string>;
  readonly code: string;
  /** file (relative to the project) and line of the diagnostic; undefined when it has no place */
  readonly at?: readonly [string, number];
  readonly message: RegExp;
}

const config = (...kinds: string[]): string => `{\n  "kinds": [\n${kinds.map((k) => `    "${k}"`).join(',\n')}\n  ]\n}\n`;

const FIXTURES: Record<string, Fixture> = {
  'module not found': {
    files: { 'flowc.config.json': config('./kinds/missing.ts'), 'app.yaml': SPEC('nop') },
    code: 'KIND_MODULE_NOT_FOUND',
    at: ['flowc.config.json', 3],
    message: /cannot find kind module `\.\/kinds\/missing\.ts`/,
  },
  'package not found': {
    files: { 'flowc.config.json': config('flowc-kind-that-does-not-exist'), 'app.yaml': SPEC('nop') },
    code: 'KIND_MODULE_NOT_FOUND',
    at: ['flowc.config.json', 3],
    message: /flowc-kind-that-does-not-exist/,
  },
  'not a kind': {
    files: { 'flowc.config.json': config('./kinds/kind.ts'), 'kinds/kind.ts': 'export const answer = 42;\n', 'app.yaml': SPEC('nop') },
    code: 'KIND_NOT_A_KIND',
    at: ['flowc.config.json', 3],
    message: /exports no node kind/,
  },
  'malformed definition': {
    files: { 'flowc.config.json': config('./kinds/kind.ts'), 'kinds/kind.ts': "export default { kind: 'half', schema: {}, inputs: {}, outputs: {} };\n", 'app.yaml': SPEC('nop') },
    code: 'KIND_INVALID',
    at: ['flowc.config.json', 3],
    message: /invalid kind `half`: `description` must be a string/,
  },
  'invalid schema': {
    files: {
      'flowc.config.json': config('./kinds/kind.ts'),
      'kinds/kind.ts': KIND('odd').replace("Type.Object({ word: Type.String() })", "{ type: 'strin' } as never"),
      'kinds/impl.ts': IMPL,
      'app.yaml': SPEC('nop'),
    },
    code: 'KIND_INVALID_SCHEMA',
    at: ['flowc.config.json', 3],
    message: /schema of kind `odd`/,
  },
  'clash with a built-in': {
    files: { 'flowc.config.json': config('./kinds/kind.ts'), 'kinds/kind.ts': KIND('router'), 'kinds/impl.ts': IMPL, 'app.yaml': SPEC('nop') },
    code: 'KIND_NAME_CLASH',
    at: ['flowc.config.json', 3],
    message: /defines kind `router`, which `@flowc\/runtime\/kinds` already defines/,
  },
  'clash between extensions': {
    files: {
      'flowc.config.json': config('./kinds/kind.ts', './other/kind.ts'),
      'kinds/kind.ts': KIND('twice'),
      'kinds/impl.ts': IMPL,
      'other/kind.ts': KIND('twice'),
      'other/impl.ts': IMPL,
      'app.yaml': SPEC('twice'),
    },
    code: 'KIND_NAME_CLASH',
    at: ['flowc.config.json', 4],
    message: /`\.\/other\/kind\.ts` defines kind `twice`, which `\.\/kinds\/kind\.ts` already defines/,
  },
  'throws when loaded': {
    files: { 'flowc.config.json': config('./kinds/kind.ts'), 'kinds/kind.ts': "throw new Error('no database at build time');\n", 'app.yaml': SPEC('nop') },
    code: 'KIND_MODULE_FAILED',
    at: ['flowc.config.json', 3],
    message: /throws when loaded: no database at build time/,
  },
  'does not compile': {
    files: { 'flowc.config.json': config('./kinds/kind.ts'), 'kinds/kind.ts': 'export default defineKind({ kind: \n', 'app.yaml': SPEC('nop') },
    code: 'KIND_MODULE_FAILED',
    at: ['kinds/kind.ts', 2],
    message: /does not compile/,
  },
  'implementation not found': {
    files: { 'flowc.config.json': config('./kinds/kind.ts'), 'kinds/kind.ts': KIND('lonely'), 'app.yaml': SPEC('nop') },
    code: 'KIND_MODULE_NOT_FOUND',
    at: ['flowc.config.json', 3],
    message: /cannot find implementation `\.\/impl\.ts` of kind `lonely`/,
  },
  'build-time hook throws': {
    files: {
      'flowc.config.json': config('./kinds/kind.ts'),
      'kinds/kind.ts': KIND('hooked', "\n  expressions: () => { throw new Error('hook bug'); },"),
      'kinds/impl.ts': IMPL,
      'app.yaml': SPEC('hooked'),
    },
    code: 'KIND_HOOK_FAILED',
    at: ['app.yaml', 1],
    message: /the `expressions` hook of kind `hooked` threw: hook bug/,
  },
  'config of a wrong shape': {
    files: { 'flowc.config.json': '{ "kinds": "./kinds/kind.ts" }\n', 'app.yaml': SPEC('nop') },
    code: 'CONFIG_INVALID',
    at: ['flowc.config.json', 1],
    message: /`kinds` must be a list/,
  },
};

function project(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('extension diagnostics', () => {
  for (const [name, fixture] of Object.entries(FIXTURES)) {
    it(`${name} → ${fixture.code}`, async () => {
      const cwd = project(fixture.files);
      const result = await check({ cwd, inputs: ['app.yaml'] });
      const found = result.diagnostics.filter((d) => d.code === fixture.code);
      expect(found, JSON.stringify(result.diagnostics, null, 2)).toHaveLength(1);
      const [d] = found;
      expect(d!.severity).toBe('error');
      expect(d!.message).toMatch(fixture.message);
      expect(d!.hint).toBeTruthy();
      if (fixture.at) expect([d!.file?.replace(`${cwd}/`, ''), d!.line]).toEqual([...fixture.at]);
    });
  }

  it('a spec of an extension kind is validated against its schema and ports, at its line', async () => {
    const files = { 'flowc.config.json': config('./kinds/kind.ts'), 'kinds/kind.ts': KIND('say'), 'kinds/impl.ts': IMPL };
    const typed = await check({ cwd: project({ ...files, 'app.yaml': '- kind: say\n  name: node\n  word: [3]\n' }), inputs: ['app.yaml'] });
    expect(typed.errors.map((d) => [d.code, d.line, d.node])).toEqual([['FIELD_TYPE', 3, 'node']]);
    const wired = await check({ cwd: project({ ...files, 'app.yaml': '- kind: say\n  name: node\n  word: hi\n  ports:\n    nowhere: [{ name: node, port: in }]\n' }), inputs: ['app.yaml'] });
    expect(wired.errors.map((d) => [d.code, d.line, d.node])).toEqual([['UNKNOWN_PORT', 5, 'node']]);
  });

  it('an implementation whose dependency cannot be bundled → BUNDLE_FAILED, nothing written', async () => {
    const cwd = project({
      'flowc.config.json': config('./kinds/kind.ts'),
      'kinds/kind.ts': KIND('native'),
      'kinds/impl.ts': `import 'native-addon';\n${IMPL}`,
      'node_modules/native-addon/package.json': '{ "name": "native-addon", "main": "index.js" }',
      'node_modules/native-addon/index.js': "module.exports = require('./addon.node');\n",
      'node_modules/native-addon/addon.node': 'not really a binary',
      'app.yaml': SPEC('native'),
    });
    const checked = await check({ cwd, inputs: ['app.yaml'] });
    expect(checked.errors).toEqual([]);
    const built = await build({ cwd, inputs: ['app.yaml'], outfile: 'out/app.mjs' });
    expect(built.outputs).toEqual([]);
    expect(built.errors.map((d) => [d.code, d.file?.replace(/.*node_modules\//, ''), d.line])).toEqual([['BUNDLE_FAILED', 'native-addon/index.js', 1]]);
    expect(built.errors[0]!.message).toMatch(/addon\.node/);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('the CLI prints them without a stack trace and exits 1', () => {
    const cwd = project(FIXTURES['throws when loaded']!.files);
    const r = flowc(['check', 'app.yaml'], { cwd });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error KIND_MODULE_FAILED');
    expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  });
});
