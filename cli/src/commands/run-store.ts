import { hostname } from 'node:os';
import { compileSources, CompileCache } from '@flowc/compiler/index';
import { openStore } from '@flowc/runtime/store/open';
import type { Instance, Store } from '@flowc/runtime/store/types';
import { uuidv7 } from '@flowc/runtime/store/uuid';
import type { StartOptions } from '@flowc/runtime/core/program';
import { resolveStore } from '../store/config.ts';
import { readStoreSources } from '../store/sources.ts';
import { coalesce } from '../hot/coalesce.ts';
import { describeSwap, hotLog } from '../hot/log.ts';
import { HotRunner } from '../hot/runner.ts';
import { report } from './shared.ts';

export interface StoreRunFlags {
  readonly store?: string;
  readonly namespace: string;
  readonly format: 'text' | 'json';
}

/** How often a running instance refreshes its record, so `flowc status` can tell live from stale. */
export const HEARTBEAT_MS = 10_000;

const log = (message: string): void => hotLog('run', message);

/**
 * `flowc run --store`: builds the namespace from the store, serves it, and rebuilds and hot-swaps on
 * every change of its specs, charts or values (the store's change stream). Each instance records the
 * version it serves in the store, so that `flowc status` shows whether a rollout has converged.
 */
export async function runFromStore(flags: StoreRunFlags, options: StartOptions): Promise<number> {
  let store: Store;
  try {
    store = openStore((await resolveStore(flags.store)).url);
  } catch (error) {
    process.stderr.write(`flowc: ${(error as Error).message}\n`);
    return 1;
  }
  const namespace = flags.namespace;
  const now = new Date().toISOString();
  let record: Instance = { id: uuidv7(), namespace, hash: '', state: 'failed', message: 'starting', host: hostname(), pid: process.pid, startedAt: now, updatedAt: now };
  const publish = async (change: Partial<Instance>): Promise<void> => {
    record = { ...record, ...change, updatedAt: new Date().toISOString() };
    await store.reportInstance(record).catch((error: unknown) => log(`cannot record this instance in the store: ${(error as Error).message}`));
  };

  const runner = new HotRunner(options);
  const cache = new CompileCache();
  const rebuild = async (): Promise<void> => {
    const started = performance.now();
    const sources = await readStoreSources(store, namespace);
    const result = report(compileSources(sources.files, { namespace, checkValues: true, cache }), flags);
    const served = runner.serving;
    if (!result.program) {
      const first = result.diagnostics.find((d) => d.severity === 'error');
      log(`build failed; ${served ? `still serving ${served}` : 'nothing is running yet'}`);
      await publish({ state: 'failed', message: first ? `${first.code}: ${first.message}` : 'build failed' });
      return;
    }
    const compileMs = performance.now() - started;
    try {
      const deployed = await runner.deploy(result.program, { ...options, values: sources.values });
      if (deployed) log(describeSwap(deployed, compileMs));
      await publish({ state: 'serving', hash: result.program.hash, message: undefined });
    } catch (error) {
      log(`${(error as Error).message}\n${served ? `still serving ${served}` : 'nothing is running yet'}`);
      await publish({ state: 'failed', message: (error as Error).message });
    }
  };
  const schedule = coalesce(rebuild, (error) => log(`rebuild failed: ${(error as Error).stack ?? String(error)}`));

  let watcher;
  try {
    watcher = await store.watch(() => schedule(), { namespace });
  } catch (error) {
    process.stderr.write(`flowc: ${(error as Error).message}\n`);
    await store.close();
    return 1;
  }
  schedule();
  const heartbeat = setInterval(() => void publish({}), HEARTBEAT_MS);

  const stop = (): void => {
    clearInterval(heartbeat);
    const done = (): void => process.exit(0);
    void (async () => {
      await watcher.close();
      await runner.stop();
      await store.removeInstance(record.id).catch(() => undefined);
      await store.close();
    })().then(done, done);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined);
}
