import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectSnippet, isCleanJavaScript } from './snippet.ts';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const problems = (code: string, loader: 'js' | 'ts' = 'js', dir = repo) => inspectSnippet(code, loader, dir).map((p) => [p.log.code, p.line, p.column, p.log.message]);

describe('inspectSnippet', () => {
  it('accepts functions exported as default, however written', () => {
    for (const code of [
      'export default function (x) { return x; }',
      'export default (x) => x;',
      'const f = (x) => x;\nexport default f;',
      'function f(x) { return x; }\nexport { f as default };',
      'module.exports = function (x) { return x; };',
      "import helper from 'yaml';\nexport default helper;",
    ]) {
      expect(problems(code), code).toEqual([]);
    }
  });

  it('reports a default export that is not a function, at what is exported', () => {
    expect(problems('export default 42;')).toEqual([['CODE_NO_DEFAULT_EXPORT', 1, 16, 'the snippet code exports a number as default, not a function']]);
    expect(problems("const answer = { a: 1 };\nexport default answer;")[0]).toEqual(['CODE_NO_DEFAULT_EXPORT', 2, 16, 'the snippet code exports an object as default, not a function']);
    expect(problems('module.exports = "text";', 'js')[0]?.[0]).toBe('CODE_NO_DEFAULT_EXPORT');
    expect(problems('const n: number = 1;\nexport default n as unknown;', 'ts')[0]?.[3]).toContain('a number');
  });

  it('reports a regular expression literal the engine refuses, where it is', () => {
    expect(problems('const re = /a(b/;\nexport default (x) => re.test(x);')).toEqual([['CODE_SYNTAX', 1, 12, 'JavaScript syntax error: invalid regular expression /a(b/: Unterminated group']]);
    expect(problems('export default (x) => /[a-z]+\\d{2,}/giu.test(x) && /(?<y>\\p{L})/u.test(x);')).toEqual([]);
  });

  it('resolves imports as the bundler will: built-ins, packages above the folder, files next to the spec', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowc-snippet-'));
    writeFileSync(join(dir, 'helper.ts'), 'export const h = 1;\n');
    const code = "import { h } from './helper';\nimport fs from 'node:fs';\nimport path from 'path';\nexport default () => h;";
    expect(problems(code, 'ts', dir)).toEqual([]);
    expect(problems("import { h } from './nope';\nimport yaml from 'yaml';\nexport default () => h;", 'ts', dir)).toEqual([
      ['CODE_UNRESOLVED_IMPORT', 1, 19, expect.stringContaining('`./nope`')],
      ['CODE_UNRESOLVED_IMPORT', 2, 18, expect.stringContaining('no package `yaml`')],
    ]);
    expect(problems("const m = await import('@scope/missing/sub');\nexport default () => m;", 'js', repo)[0]?.[3]).toContain('no package `@scope/missing`');
  });
});

describe('isCleanJavaScript', () => {
  it('vouches for plain function exports, and only where the full inspection finds nothing', () => {
    for (const code of [
      'export default function (x) { return x; }',
      'export default (x) => x;',
      'const f = (x) => x;\nexport default f;',
      'function f(x) { return x; }\nexport { f as default };',
      "import helper from 'yaml';\nexport default helper;",
      "import fs from 'node:fs';\nexport default async () => (await import('node:path')).sep + /a+/u.source;",
      'export default class { run() { return 1; } }',
    ]) {
      expect(isCleanJavaScript(code, repo), code).toBe(true);
      expect(problems(code), code).toEqual([]);
    }
  });

  it('leaves everything it cannot vouch for to the full inspection', () => {
    for (const code of [
      'export default (x) => ',
      'export default 42;',
      'const answer = { a: 1 };\nexport default answer;',
      'module.exports = function (x) { return x; };',
      'const re = /a(b/;\nexport default (x) => re.test(x);',
      "import { h } from './no-such-helper';\nexport default () => h;",
      "export default () => require('no-such-package-here');",
      'export const f = () => 1;',
      "export { default } from 'yaml';",
    ]) {
      expect(isCleanJavaScript(code, repo), code).toBe(false);
    }
  });
});
