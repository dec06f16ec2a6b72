// Incremental rebuild of a one-node edit in a 1,000-node project (100 files), with the watch cache.
// Usage: node bench/incremental.mjs [edits=20]
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCompiler, machine, median, writeProject, writeSection } from './lib.mjs';

const edits = Number(process.argv[2] ?? 20);
const { compile, Bundler, CompileCache } = await loadCompiler();
const dir = mkdtempSync(join(tmpdir(), 'flowc-incr-'));
const { lastFile } = writeProject(dir, { nodes: 1000, files: 100 });

const cache = new CompileCache();
// What `flowc watch -o` does (ESM + source map) and what `flowc watch --run` does (CommonJS, evaluated).
const esm = new Bundler(join(dir, 'out.mjs'), 'esm');
const cjs = new Bundler(join(dir, 'out.cjs'), 'cjs');
let t = performance.now();
const cold = compile({ inputs: [dir], cache });
await esm.bundle(cold.program);
const coldMs = performance.now() - t;
await cjs.bundle(cold.program);

const compileMs = [];
const esmMs = [];
const cjsMs = [];
for (let i = 0; i < edits; i++) {
  writeFileSync(lastFile, readFileSync(lastFile, 'utf8').replace(/code: pong\d*/, `code: pong${i}`));
  t = performance.now();
  const result = compile({ inputs: [dir], cache });
  const compiled = performance.now();
  if (!result.program) throw new Error('build failed');
  await cjs.bundle(result.program);
  const bundled = performance.now();
  await esm.bundle(result.program);
  compileMs.push(compiled - t);
  cjsMs.push(bundled - t);
  esmMs.push(performance.now() - bundled + (compiled - t));
}
const r = { coldMs: Math.round(coldMs), compileP50: Math.round(median(compileMs)), runP50: Math.round(median(cjsMs)), outP50: Math.round(median(esmMs)) };
console.log(r);
writeSection('incremental', `## Incremental rebuild, one-node edit in a 1,000-node project (issue 7)

- Machine: ${machine()}; command: \`node bench/incremental.mjs ${edits}\` (100 files of 10 nodes; the edit changes one snippet in the last file; the compile cache is the one \`flowc watch\` keeps)
- Cold build (compile + bundle): **${r.coldMs} ms**
- One-node edit, median of ${edits} (target ≤ 150 ms):
  - compile (parse, validate, resolve, lower, emit): **${r.compileP50} ms**
  - compile + bundle as \`flowc watch --run\` does (CommonJS, no map): **${r.runP50} ms**
  - compile + bundle as \`flowc watch -o\` does (ESM + source map): **${r.outP50} ms**
`);
