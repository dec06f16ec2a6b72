// Builds the CLI (cli/dist/flowc.mjs) and the programmatic APIs of the compiler (compiler/dist/index.mjs)
// and of the store (runtime/dist/store.mjs).
// The compiler and the runtime kind definitions are bundled in; npm dependencies stay external and
// are resolved from node_modules at run time.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const external = ['compiler', 'cli', 'runtime'].flatMap((ws) =>
  Object.keys(JSON.parse(readFileSync(new URL(`${ws}/package.json`, root), 'utf8')).dependencies ?? {}).filter((d) => !d.startsWith('@flowc/')),
);

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', sourcemap: true, external, logLevel: 'warning' };
const path = (p) => new URL(p, root).pathname;

await Promise.all([
  // Commands are split into chunks loaded on demand, so `flowc --help` does not load the compiler.
  build({
    ...common,
    entryPoints: { flowc: path('cli/src/main.ts') },
    outdir: path('cli/dist'),
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
  }),
  build({ ...common, entryPoints: [path('compiler/src/index.ts')], outfile: path('compiler/dist/index.mjs') }),
  build({ ...common, entryPoints: [path('runtime/src/store/index.ts')], outfile: path('runtime/dist/store.mjs') }),
]);
