// The worked extension (examples/kinds): a kind written in TypeScript with an npm dependency, built into one
// bundle that runs without node_modules, and hot-swapped by `flowc watch --run` when its source changes.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flowc, http, ROOT, start, tempDir } from '../support/flowc.ts';

const EXAMPLE = join(ROOT, 'examples/kinds');

describe('a user-defined kind (examples/kinds)', () => {
  it('is validated, bundled with its npm dependency, and runs from a folder without node_modules', async () => {
    const out = join(tempDir(), 'app.mjs');
    const built = flowc(['build', 'app.yaml', '-o', out], { cwd: EXAMPLE });
    expect(built.status, built.stderr).toBe(0);
    const bundle = readFileSync(out, 'utf8');
    // change-case is inside the bundle; the definition's schema builder and build-time hook are not.
    expect(bundle).toContain('capitalCase');
    expect(bundle).not.toContain('typebox');
    expect(bundle).not.toContain('a greeting holds no braces');

    const server = await start(out, [], { PORT: '0' });
    try {
      const hello = await http(server.port, 'GET', '/greet/ada-lovelace');
      expect([hello.status, hello.text]).toEqual([200, 'hello, Ada Lovelace!']);
      // No name: the kind answers on its error port, which the spec maps to a 400.
      const empty = await http(server.port, 'GET', '/greet/');
      expect([empty.status, empty.text]).toEqual([400, 'a name is needed']);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });

  it('reports a spec the kind refuses at the spec line, with the kind\'s own check', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.yaml'), '- kind: greet\n  name: g\n  greeting: "hi {there}"\n  style: kebab\n');
    const r = flowc(['check', join(dir, 'bad.yaml')], { cwd: EXAMPLE });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:4:10: error FIELD_VALUE: .*style/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  describe('flowc watch --run', () => {
    // Inside the repo, so that the copy resolves change-case from the repo's node_modules.
    const copy = join(ROOT, '.flowc-tmp', `kinds-${process.pid}`);
    afterAll(() => rmSync(copy, { recursive: true, force: true }));

    it('swaps when the kind\'s implementation changes, and keeps serving when it breaks', async () => {
      mkdirSync(join(ROOT, '.flowc-tmp'), { recursive: true });
      cpSync(EXAMPLE, copy, { recursive: true, filter: (src) => !src.includes('node_modules') && !src.includes('/dist') });
      const watcher = await start(join(ROOT, 'cli/bin/flowc.mjs'), ['watch', 'app.yaml', '--run', '--env', 'PORT=0'], {}, true, copy);
      const swaps = (): number => watcher.stderr().split('] serving ').length - 1;
      const waitFor = (done: () => boolean): Promise<void> =>
        new Promise((resolve, reject) => {
          const check = (): void => {
            if (!done()) return;
            watcher.child.stderr!.off('data', check);
            resolve();
          };
          watcher.child.stderr!.on('data', check);
          void watcher.exited.then(() => reject(new Error(`watch exited:\n${watcher.stderr()}`)));
          // Not a timing assertion: a guard that turns a hang into a readable failure.
          setTimeout(() => reject(new Error(`no progress; last output:\n${watcher.stderr().slice(-3000)}`)), 60_000).unref();
          check();
        });
      try {
        await waitFor(() => swaps() === 1);
        expect((await http(watcher.port, 'GET', '/greet/grace-hopper')).text).toBe('hello, Grace Hopper!');

        const runtime = join(copy, 'kinds/greet.runtime.ts');
        const source = readFileSync(runtime, 'utf8');
        writeFileSync(runtime, source.replace('`${fields.greeting}, ${style(name)}!`', '`${fields.greeting}, dear ${style(name)}!`'));
        await waitFor(() => swaps() === 2);
        expect((await http(watcher.port, 'GET', '/greet/grace-hopper')).text).toBe('hello, dear Grace Hopper!');

        writeFileSync(runtime, source.replace('export default implement(', 'export default implement(('));
        await waitFor(() => /KIND_MODULE_FAILED/.test(watcher.stderr()) && /build failed; still serving/.test(watcher.stderr()));
        expect((await http(watcher.port, 'GET', '/greet/grace-hopper')).text).toBe('hello, dear Grace Hopper!');
      } finally {
        watcher.child.kill('SIGTERM');
      }
      expect(await watcher.exited).toBe(0);
    }, 120_000);
  });
});
