import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const core = dirname(fileURLToPath(import.meta.url));
const src = resolve(core, '..');
/** Layers the core must not depend on: protocols (http/), languages (lang/) and the debugger (debug/) are built on top of it. */
const FORBIDDEN = ['http', 'lang', 'debug'];

/** Every module specifier a file imports or re-exports, dynamic imports included. */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

describe('the runtime core', () => {
  const modules = readdirSync(core).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

  it('has modules to scan, and the scan sees their imports', () => {
    expect(modules).toContain('host.ts');
    expect(importsOf(join(core, 'host.ts'))).toContain('./upgrade.ts');
  });

  it('imports nothing from http/ or lang/', () => {
    const offending: string[] = [];
    for (const module of modules) {
      for (const specifier of importsOf(join(core, module))) {
        if (!specifier.startsWith('.')) continue;
        const layer = relative(src, resolve(core, specifier)).split(/[\\/]/)[0]!;
        if (FORBIDDEN.includes(layer)) offending.push(`core/${module} imports ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
