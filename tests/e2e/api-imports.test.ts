// Loading the compiler API, checking and building must not load what only running programs need.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/flowc.ts';

const FORBIDDEN = ['pg', 'ws', 'find-my-way', 'better-sqlite3'];

/** A preload that makes any import (ESM) or require (CommonJS) of a forbidden package throw. */
const GUARD = `
import { register } from 'node:module';
import Module from 'node:module';
const forbidden = new Set(${JSON.stringify(FORBIDDEN)});
const load = Module._load;
Module._load = function (request, ...rest) {
  if (forbidden.has(request)) throw new Error('FORBIDDEN require ' + request);
  return load.call(this, request, ...rest);
};
register('data:text/javascript,' + encodeURIComponent(\`
  const forbidden = new Set(${JSON.stringify(FORBIDDEN)});
  export async function resolve(specifier, context, next) {
    if (forbidden.has(specifier)) throw new Error('FORBIDDEN import ' + specifier);
    return next(specifier, context);
  }
\`));
`;

describe('the compiler API', () => {
  it(`imports none of ${FORBIDDEN.join(', ')} to load, check or build`, () => {
    const dir = tempDir();
    const guard = join(dir, 'guard.mjs');
    writeFileSync(guard, GUARD);
    const script = `
      const api = await import('@flowc/compiler');
      const sql = ${JSON.stringify(join(ROOT, 'examples/todo.yaml'))};
      const checked = await api.check({ inputs: [sql], config: false });
      const built = await api.build({ inputs: [${JSON.stringify(join(ROOT, 'examples/wsproxy.yaml'))}], config: false });
      console.log(JSON.stringify({ checked: checked.errors.length, built: built.outputs.length, errors: built.errors.map((d) => d.message) }));
    `;
    const r = spawnSync(process.execPath, ['--import', guard, '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).not.toContain('FORBIDDEN');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({ checked: 0, built: 1, errors: [] });
  });
});
