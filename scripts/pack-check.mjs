// Packs @flowc/runtime, @flowc/compiler and flowc, installs the tarballs in an empty folder outside the repo
// (from the npm registry, nothing else), and checks that there `npx flowc build` works, with a kind of the
// user's own loaded from flowc.config.mjs, and that the bundle answers. Run by CI (`npm run test:pack`).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'flowc-pack-'));
const app = join(work, 'app');
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const fail = (message) => {
  console.error(`pack check failed: ${message}`);
  process.exit(1);
};

try {
  run('npm', ['pack', '-w', 'runtime', '-w', 'compiler', '-w', 'cli', '--pack-destination', work, '--silent'], root);
  const tarballs = readdirSync(work).filter((f) => f.endsWith('.tgz')).map((f) => join(work, f));
  if (tarballs.length !== 3) fail(`expected 3 tarballs, got ${tarballs.join(', ')}`);

  mkdirSync(join(app, 'kinds'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-check', private: true, type: 'module' }));
  // No install scripts: nothing here needs a native addon (better-sqlite3 is only loaded by SQLite programs).
  run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--silent', ...tarballs], app);

  writeFileSync(join(app, 'flowc.config.mjs'), "import { defineConfig } from 'flowc';\nexport default defineConfig({ kinds: ['./kinds/shout.ts'] });\n");
  writeFileSync(
    join(app, 'kinds/shout.ts'),
    `import { defineKind } from '@flowc/runtime';
import { Type } from '@flowc/runtime/schema';
export default defineKind({
  kind: 'shout',
  description: 'Upper-cases its text.',
  schema: Type.Object({ text: Type.String() }),
  inputs: { in: {} },
  outputs: { out: {} },
  implementation: './shout.runtime.ts',
});
`,
  );
  writeFileSync(
    join(app, 'kinds/shout.runtime.ts'),
    `import { implement } from '@flowc/runtime';
import shout from './shout.ts';
export default implement(shout, { create: ({ fields, out }) => ({ inputs: { in: (_payload, proc) => out('out').send(fields.text.toUpperCase(), proc) } }) });
`,
  );
  writeFileSync(
    join(app, 'ping.yaml'),
    `- kind: listener
  name: listener
  protocol: http
  host: 127.0.0.1
  port: '{{ .PORT }}'
  ports:
    out: [{ name: answer, port: in }]
- kind: shout
  name: answer
  text: pong
`,
  );
  run('npx', ['--no-install', 'flowc', 'check', 'ping.yaml'], app);
  run('npx', ['--no-install', 'flowc', 'build', 'ping.yaml', '-o', 'app.mjs'], app);
  const answer = await serveOnce(join(app, 'app.mjs'));
  if (answer !== 'PONG') fail(`the bundle answered ${JSON.stringify(answer)}, expected "PONG"`);
  const api = run('node', ['--input-type=module', '-e', "const { build } = await import('flowc'); const r = await build({ inputs: ['ping.yaml'] }); console.log(r.outputs.length, r.errors.length);"], app).trim();
  if (api !== '1 0') fail(`import('flowc').build() gave ${api}`);
  console.log('pack check: the packed packages install, build a program with a user kind, and the program answers');
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Starts a bundle on an ephemeral port, asks it once, stops it. */
function serveOnce(bundle) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', async (d) => {
      err += d;
      const m = /serving http:\/\/\S+:(\d+)/.exec(err);
      if (!m) return;
      child.stderr.removeAllListeners('data');
      try {
        resolve(await (await fetch(`http://127.0.0.1:${m[1]}/`)).text());
      } catch (error) {
        reject(error);
      } finally {
        child.kill('SIGTERM');
      }
    });
    child.on('exit', (code) => reject(new Error(`the bundle exited (${code}) before answering:\n${err}`)));
  });
}
