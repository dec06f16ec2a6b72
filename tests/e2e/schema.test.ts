import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowc, ROOT, tempDir } from '../support/flowc.ts';

describe('flowc schema', () => {
  it('writes the JSON Schema of spec files with the kinds of the config', () => {
    const out = join(tempDir(), 'flowc.schema.json');
    const r = flowc(['schema', '-o', out], { cwd: join(ROOT, 'examples/kinds') });
    expect(r.status, r.stderr).toBe(0);
    const schema = JSON.parse(readFileSync(out, 'utf8')) as { $schema: string; $defs: { kinds: Record<string, unknown> } };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.$defs.kinds)).toEqual(expect.arrayContaining(['greet', 'listener', 'router', 'snippet']));
  });

  it('a kind module that cannot be loaded is a diagnostic, and nothing is printed', () => {
    const r = flowc(['schema', '--kinds', './no-such-kind.ts']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('KIND_MODULE_NOT_FOUND');
    expect(r.stdout).toBe('');
  });
});
