// Builds the CLI (cli/dist/flowc.mjs), the public API (cli/dist/api.mjs and compiler/dist/index.mjs) and
// the store's programmatic API (runtime/dist/store.mjs).
// The compiler, and the runtime modules it uses, are bundled in from source; npm dependencies stay
// external and are resolved from node_modules at run time.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const root = new URL('..', import.meta.url);
// Bundled rather than loaded from node_modules: TypeBox is read by every compile (the kinds' schemas), and uuid
// must be v7-capable wherever the API is imported from (a hoisted older uuid would not do).
const BUNDLED = new Set(['@sinclair/typebox', 'uuid']);
const external = ['compiler', 'cli', 'runtime'].flatMap((ws) =>
  Object.keys(JSON.parse(readFileSync(new URL(`${ws}/package.json`, root), 'utf8')).dependencies ?? {}).filter((d) => !d.startsWith('@flowc/') && !BUNDLED.has(d)),
);

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', sourcemap: true, external, logLevel: 'warning', conditions: ['source'] };
const path = (p) => new URL(p, root).pathname;
// Lazily imported modules (serving, the store, esbuild's loader) become chunks loaded on demand, so
// `flowc --help` and `import('flowc')` load only what they use.
const split = { splitting: true, chunkNames: 'chunks/[name]-[hash]', outExtension: { '.js': '.mjs' } };

// Stale chunks of earlier builds would be packed and published: start from empty folders.
for (const dir of ['cli/dist', 'compiler/dist', 'runtime/dist']) rmSync(path(dir), { recursive: true, force: true });

await Promise.all([
  build({ ...common, ...split, entryPoints: { flowc: path('cli/src/main.ts'), api: path('cli/src/api.ts') }, outdir: path('cli/dist') }),
  build({ ...common, ...split, entryPoints: { index: path('compiler/src/index.ts') }, outdir: path('compiler/dist') }),
  build({ ...common, entryPoints: [path('runtime/src/store/index.ts')], outfile: path('runtime/dist/store.mjs') }),
]);
