import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { projectFiles } from '../init/project.ts';
import { schema } from './schema.ts';
import type { InitOptions, InitResult } from './types.ts';

/**
 * Scaffolds a project in `dir` (default: `cwd`), which must be empty (a `.git` folder aside): nothing is
 * overwritten. Resolves with the files written, relative to the folder, or with `refused` naming why not.
 */
export async function init(options: InitOptions = {}): Promise<InitResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const dir = resolve(cwd, options.dir ?? '.');
  const present = existsSync(dir) ? readdirSync(dir).filter((entry) => entry !== '.git') : [];
  if (present.length > 0) return { dir, files: [], refused: `${dir} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''})` };
  const { schema: json } = await schema({ cwd: dir, config: false });
  const files = projectFiles(options.name ?? basename(dir), `${JSON.stringify(json, null, 2)}\n`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text, { flag: 'wx' });
  }
  return { dir, files: Object.keys(files) };
}
