// Scale-out tests: several instances of one bundle on one queue or consumer group, driven through the broker.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { flowc, ROOT, start, tempDir, type Started } from './flowc.ts';

/** Builds an example that has its own flowc.config.mjs (its kinds) from inside its folder. */
export function buildInFolder(folder: string, spec: string): string {
  const out = join(tempDir(), 'worker.mjs');
  const r = flowc(['build', spec, '-o', out], { cwd: join(ROOT, folder) });
  if (r.status !== 0) throw new Error(`flowc build failed:\n${r.stderr}`);
  return out;
}

/** Starts `n` instances of a bundle (no listener: they only consume), `env(i)` for the i-th. */
export function startInstances(bundle: string, n: number, env: (i: number) => NodeJS.ProcessEnv): Promise<Started[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => start(bundle, [], env(i), false)));
}

/**
 * Polls `condition` (a question to the broker or the database) until it holds. Not a timing assertion: the
 * guard turns a hang into a readable failure, with what `describe` says about the state.
 */
export async function waitUntil(condition: () => Promise<boolean>, describe: () => Promise<string>, guardMs = 240_000): Promise<void> {
  const deadline = Date.now() + guardMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Stops instances with SIGTERM (drain, then exit 0) and returns their exit codes. */
export async function stopAll(instances: readonly Started[]): Promise<Array<number | null>> {
  for (const instance of instances) if (instance.child.exitCode === null) instance.child.kill('SIGTERM');
  return Promise.all(instances.map((i) => i.exited));
}

/** A copy of an example folder inside the repo (so its config resolves the extensions), removed by `remove()`. */
export function copyExample(folder: string): { dir: string; remove(): void } {
  mkdirSync(join(ROOT, '.flowc-tmp'), { recursive: true });
  const dir = join(ROOT, '.flowc-tmp', `${folder.replace(/\W/g, '-')}-${process.pid}-${Date.now()}`);
  cpSync(join(ROOT, folder), dir, { recursive: true, filter: (src) => !src.includes('/dist') });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `flowc watch <spec> --run` in `dir`: `swaps()` counts the versions it has started serving. */
export async function watchRun(dir: string, spec: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ watcher: Started; waitForVersions(n: number): Promise<void> }> {
  const watcher = await start(join(ROOT, 'cli/bin/flowc.mjs'), ['watch', spec, '--run', ...args], env, false, dir);
  const versions = (): number => watcher.stderr().split('] serving ').length - 1;
  return { watcher, waitForVersions: (n) => waitUntil(async () => versions() >= n, async () => watcher.stderr()) };
}

/**
 * A steady stream: `send(from, to)` in batches of 50 until `stop()` is called and at least `least` were sent;
 * `stop()` resolves with the number sent.
 */
export function steadyStream(send: (from: number, to: number) => Promise<void>, least = 2_000): { stop(): Promise<number> } {
  let sent = 0;
  let streaming = true;
  const done = (async () => {
    while (streaming || sent < least) {
      await send(sent, sent + 50);
      sent += 50;
    }
  })();
  return {
    stop: async () => {
      streaming = false;
      await done;
      return sent;
    },
  };
}
