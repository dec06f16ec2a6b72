import { init } from '@flowc/compiler';

/** `flowc init [dir]`: a working project in an empty folder. */
export async function initCommand(dir: string | undefined): Promise<number> {
  const result = await init({ ...(dir ? { dir } : {}) });
  if (result.refused) {
    process.stderr.write(`flowc init: ${result.refused}; nothing was written\n`);
    return 1;
  }
  process.stdout.write(`${result.files.map((f) => `  created ${f}`).join('\n')}\n\nnext: cd ${dir ?? '.'} && npm install && npx flowc build flows/ -o dist/app.mjs && PORT=8000 node dist/app.mjs\n`);
  return 0;
}
