// Multipart decoding: flowc's reader (runtime/src/http/multipart.ts, through decodeBody) against busboy on the same
// body, in one process. Usage: node bench/multipart.mjs [--src DIR] [--rounds N] [--iterations N]
// `--src` points at another checkout's runtime/src (to measure a reader before a change).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import busboy from 'busboy';
import { build } from 'esbuild';

const ROOT = new URL('..', import.meta.url).pathname;
const { values: args } = parseArgs({ options: { src: { type: 'string' }, rounds: { type: 'string', default: '5' }, iterations: { type: 'string', default: '2000' } } });
const src = args.src ?? join(ROOT, 'runtime/src');
const out = join(mkdtempSync(join(tmpdir(), 'flowc-multipart-')), 'codec.mjs');
await build({ entryPoints: [join(src, 'http/codec.ts')], nodePaths: [join(ROOT, 'node_modules')], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error' });
const { decodeBody } = await import(out);

// A typical upload form: 10 short fields, 2 files of 32 KiB.
const boundary = '----flowcbench7MA4YWxkTrZu0gW';
const parts = [];
for (let i = 0; i < 10; i++) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="field${i}"\r\n\r\nvalue number ${i}\r\n`);
const blob = Buffer.alloc(32 * 1024, 'q');
const body = Buffer.concat([
  Buffer.from(parts.join('')),
  ...[0, 1].flatMap((i) => [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file${i}"; filename="f${i}.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`), blob, Buffer.from('\r\n')]),
  Buffer.from(`--${boundary}--\r\n`),
]);
const type = `multipart/form-data; boundary=${boundary}`;

function ours() {
  decodeBody(body, { 'Content-Type': [type] });
}
function viaBusboy() {
  return new Promise((resolve, reject) => {
    const bb = busboy({ headers: { 'content-type': type } });
    bb.on('file', (_name, stream) => stream.resume());
    bb.on('error', reject);
    bb.on('close', resolve);
    bb.end(body);
  });
}

const iterations = Number(args.iterations);
async function measure(run) {
  const began = performance.now();
  for (let i = 0; i < iterations; i++) await run();
  return ((performance.now() - began) * 1000) / iterations;
}
const rows = { flowc: [], busboy: [] };
for (let round = 0; round < Number(args.rounds); round++) {
  rows.flowc.push(await measure(ours));
  rows.busboy.push(await measure(viaBusboy));
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
console.log(`body ${body.length} bytes (10 fields, 2 files of 32 KiB), ${iterations} decodes per round, ${args.rounds} rounds, src ${src}`);
for (const [name, list] of Object.entries(rows)) console.log(`${name}: median ${median(list).toFixed(1)}, best ${Math.min(...list).toFixed(1)} µs/decode (rounds: ${list.map((v) => v.toFixed(1)).join(', ')})`);
