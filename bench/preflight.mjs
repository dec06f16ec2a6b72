// What the start preflight (compiler/src/api/serve/preflight.ts) costs a hot swap: save-to-new-response and the
// logged swap time of `flowc watch --run` on the 100-node project, without the preflight (FLOWC_START_LIMIT_MS=0)
// and with it (the default). Usage: node bench/preflight.mjs [saves=10]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, median, ROOT, writeProject } from './lib.mjs';

const saves = Number(process.argv[2] ?? 10);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const answerOf = (port) =>
  new Promise((resolve, reject) =>
    get({ host: '127.0.0.1', port, path: '/ping', agent }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body));
    }).on('error', reject),
  );

async function run(limit) {
  const dir = mkdtempSync(join(tmpdir(), 'flowc-preflight-'));
  const { lastFile } = writeProject(dir, { nodes: 100, files: 10 });
  const child = spawn(process.execPath, [`${ROOT}cli/bin/flowc.mjs`, 'watch', dir, '--run', '--env', 'PORT=0'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...(limit === undefined ? {} : { FLOWC_START_LIMIT_MS: limit }) } });
  let err = '';
  await new Promise((resolve) => child.stderr.on('data', (d) => ((err += d), /\] serving /.test(err) && resolve())));
  const port = Number(/serving http:\/\/\S+:(\d+)/.exec(err)[1]);
  const saveMs = [];
  for (let i = 0; i < saves; i++) {
    const answer = `v${i}`;
    const since = performance.now();
    writeFileSync(lastFile, readFileSync(lastFile, 'utf8').replace(/code: (pong|v\d+)\n/, `code: ${answer}\n`));
    // Polling is the measurement here.
    while ((await answerOf(port)) !== answer);
    saveMs.push(performance.now() - since);
  }
  await new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')));
  const swapMs = [...err.matchAll(/; swap (\d+) ms;/g)].slice(1).map((m) => Number(m[1]));
  const rebuildMs = [...err.matchAll(/\(rebuild (\d+) ms/g)].slice(1).map((m) => Number(m[1]));
  return { save: median(saveMs), swap: median(swapMs), rebuild: median(rebuildMs), swaps: swapMs.length };
}

const without = await run('0');
const withCheck = await run(undefined);
console.log(`${machine()}; ${saves} saves each, 100-node project`);
for (const [name, r] of [['without preflight', without], ['with preflight', withCheck]]) {
  console.log(`${name}: save-to-response median ${r.save.toFixed(0)} ms; logged rebuild median ${r.rebuild} ms, swap median ${r.swap} ms (${r.swaps} swaps)`);
}
