// Builds the CLI into cli/dist/flowc.mjs. The compiler and the runtime kind definitions are bundled in;
// npm dependencies stay external and are resolved from node_modules at run time.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const external = ['compiler', 'cli', 'runtime'].flatMap((ws) =>
  Object.keys(JSON.parse(readFileSync(new URL(`${ws}/package.json`, root), 'utf8')).dependencies ?? {}).filter((d) => !d.startsWith('@flowc/')),
);

await build({
  entryPoints: [new URL('cli/src/main.ts', root).pathname],
  outfile: new URL('cli/dist/flowc.mjs', root).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
});
