// Incremental rebuild of a one-node edit in a 1,000-node project (100 files), with the watch cache.
// Usage: node bench/incremental.mjs [edits=20]
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCompiler, machine, median, writeProject, writeSection } from './lib.mjs';

const edits = Number(process.argv[2] ?? 20);
const { context } = await loadCompiler();
const dir = mkdtempSync(join(tmpdir(), 'flowc-incr-'));
const { lastFile } = writeProject(dir, { nodes: 1000, files: 100 });

// What `flowc watch --run` builds (CommonJS, in memory, evaluated) and what `flowc watch -o` builds (ESM + map, written).
const run = await context({ inputs: [dir], format: 'cjs', config: false });
const out = await context({ inputs: [dir], outfile: join(dir, 'out.mjs'), config: false });
let t = performance.now();
const cold = await out.rebuild();
if (cold.errors.length > 0) throw new Error('build failed');
const coldMs = performance.now() - t;
await run.rebuild();

const cjsMs = [];
const esmMs = [];
for (let i = 0; i < edits; i++) {
  writeFileSync(lastFile, readFileSync(lastFile, 'utf8').replace(/code: pong\d*/, `code: pong${i}`));
  t = performance.now();
  const result = await run.rebuild();
  if (result.errors.length > 0) throw new Error('build failed');
  cjsMs.push(performance.now() - t);
  t = performance.now();
  await out.rebuild();
  esmMs.push(performance.now() - t);
}
await Promise.all([run.dispose(), out.dispose()]);
const r = { coldMs: Math.round(coldMs), runP50: Math.round(median(cjsMs)), outP50: Math.round(median(esmMs)) };
console.log(r);
writeSection('incremental', `## Incremental rebuild, one-node edit in a 1,000-node project (issue 7)

- Machine: ${machine()}; command: \`node bench/incremental.mjs ${edits}\` (100 files of 10 nodes; the edit changes one snippet in the last file; the rebuilds are \`context().rebuild()\`, what \`flowc watch\` calls)
- Cold build (compile + bundle): **${r.coldMs} ms**
- One-node edit, median of ${edits} (target ≤ 150 ms):
  - compile + bundle as \`flowc watch --run\` does (CommonJS, no map): **${r.runP50} ms**
  - compile + bundle as \`flowc watch -o\` does (ESM + source map): **${r.outP50} ms**
`);
