import { createHash } from 'node:crypto';
import type { Value } from '@flowc/runtime/core/binding';
import type { EmittedProgram } from '../emit/program.ts';
import type { Store, Watcher } from '@flowc/runtime/store/types';
import { coalesce } from './coalesce.ts';
import { BuildFailure } from './failure.ts';
import { BuildSession } from './session.ts';
import type { Runner } from './serve/runner.ts';
import type { InstanceReport } from './store/instance.ts';
import type {
  BuildContext,
  BuildResult,
  BuildTrigger,
  ContextOptions,
  FlowcEvent,
  FlowcEventOf,
  FlowcEventType,
  OutputFormat,
  Server,
  ServeOptions,
} from './types.ts';
import { FileWatcher, snapshot, stampsOfUnchanged, watchRoots } from './watch.ts';

/**
 * A long-lived build, as esbuild's `context()`: `rebuild()` reuses what the previous build computed,
 * `watch()` rebuilds on every change, `serve()` runs the latest good build in this process and
 * hot-swaps each later one. Builds are serialised; a burst of changes costs at most two builds.
 */
export async function context(options: ContextOptions = {}): Promise<BuildContext> {
  return new FlowcContext(options);
}

interface Serving {
  readonly runner: Runner;
  readonly options: ServeOptions;
  readonly instance: InstanceReport | undefined;
  /** Takes the store off the readiness sources. */
  readonly unready?: () => void;
  /** Why the last deploy failed, if it did. */
  failure?: string;
}

interface Built {
  readonly result: BuildResult;
  readonly programs: readonly EmittedProgram[];
  readonly format: OutputFormat;
  readonly values: readonly Value[] | undefined;
  readonly compileMs: number;
}

class FlowcContext implements BuildContext {
  private readonly session: BuildSession;
  private readonly listeners = new Map<FlowcEventType, Set<(event: never) => void>>();
  private queue: Promise<unknown> = Promise.resolve();
  private lastGood: Built | undefined;
  private built = false;
  private lastResult: BuildResult | undefined;
  private serving: Serving | undefined;
  private files: FileWatcher | undefined;
  private storeWatcher: Watcher | undefined;
  /** The store followed (`watch()` with a store) and the changes heard since the last rebuild took them in. */
  private followed: Store | undefined;
  private pending: { oldest: number; count: number } | undefined;
  /** `mtime:size` of every file the last build read, taken before it read them. */
  private builtStamps = new Map<string, string>();
  private readonly changed = new Set<string>();
  private verifying: NodeJS.Timeout | undefined;
  private schedule: (() => void) | undefined;
  private disposed = false;

  constructor(private readonly options: ContextOptions) {
    this.session = new BuildSession(options);
  }

  on<T extends FlowcEventType>(type: T, listener: (event: FlowcEventOf<T>) => void): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener as (event: never) => void);
    return () => set.delete(listener as (event: never) => void);
  }

  rebuild(): Promise<BuildResult> {
    return this.enqueue('rebuild', []);
  }

  async watch(): Promise<void> {
    if (this.schedule) return;
    this.schedule = coalesce(
      async () => {
        const changed = [...this.changed];
        this.changed.clear();
        const pending = this.pending;
        this.pending = undefined;
        await this.enqueue(this.options.store !== undefined ? 'store' : 'change', changed);
        if (pending) this.emit({ type: 'store-change', lagMs: Math.max(0, Date.now() - pending.oldest), changes: pending.count });
      },
      (error) => this.emit({ type: 'warning', message: `rebuild failed: ${(error as Error).stack ?? String(error)}` }),
    );
    if (this.options.store !== undefined) {
      const store = await this.session.openStore();
      this.followed = store;
      this.storeWatcher = await store.watch(
        (_event, at) => {
          this.pending = { oldest: Math.min(this.pending?.oldest ?? at, at), count: (this.pending?.count ?? 0) + 1 };
          this.schedule?.();
        },
        { namespace: this.session.namespace },
      );
    } else {
      this.files = new FileWatcher((path) => {
        this.changed.add(path);
        this.schedule?.();
        this.verifySoon();
      });
    }
    // A context that has built already (serve() first) only starts following what that build read.
    if (this.lastResult) await this.inQueue(() => this.follow(this.lastResult!));
    else await this.enqueue('initial', []);
  }

  async serve(options: ServeOptions = {}): Promise<Server> {
    if (this.serving) throw new Error('flowc: this context is already serving');
    const [runner, instance] = await Promise.all([this.runner(options), this.instanceRecord(options.workers !== undefined)]);
    // Serving from a store: not ready (`/readyz`) until its change stream is followed, nor while it reconnects.
    const unready =
      this.options.store !== undefined
        ? options.host?.readiness?.add(`store ${(await this.session.openStore()).location}`, () => this.storeWatcher !== undefined && this.followed?.connected === true)
        : undefined;
    const serving: Serving = { runner, options, instance, ...(unready ? { unready } : {}) };
    this.serving = serving;
    const server: Server = {
      get hash() {
        return runner.serving;
      },
      send: (node, port, payload) => runner.send(node, port, payload),
      stop: async () => {
        if (this.serving !== serving) return;
        this.serving = undefined;
        serving.unready?.();
        await runner.stop();
        await instance?.remove();
      },
    };
    // Serve the latest good build, or build now.
    if (this.built) await this.inQueue(() => this.deploy(this.lastGood));
    else await this.enqueue('initial', []);
    if (runner.serving === undefined) {
      if (serving.failure !== undefined || !this.lastResult) throw new Error(serving.failure ?? 'the program could not start');
      throw new BuildFailure(this.lastResult.diagnostics, this.lastResult.sources);
    }
    return server;
  }

  /** This process serves, or with `workers` a cluster of worker processes does. */
  private async runner(options: ServeOptions): Promise<Runner> {
    if (options.workers) {
      const { ClusterRunner } = await import('./serve/cluster.ts');
      return new ClusterRunner(options.workers, (event) => this.emit({ type: 'worker', ...event }));
    }
    const { HotRunner } = await import('./serve/runner.ts');
    return new HotRunner({ env: options.env ?? process.env, values: options.values ?? [] }, options.host);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.verifying);
    this.schedule = undefined;
    await this.files?.close();
    await this.storeWatcher?.close();
    this.serving?.runner.abandonStarts?.();
    await this.queue.catch(() => undefined);
    const serving = this.serving;
    this.serving = undefined;
    serving?.unready?.();
    await serving?.runner.stop();
    await serving?.instance?.remove();
    await this.session.dispose();
  }

  private inQueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(() => {
      if (this.disposed) throw new Error('flowc: the context is disposed');
      return task();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private enqueue(trigger: BuildTrigger, changed: readonly string[]): Promise<BuildResult> {
    return this.inQueue(async () => {
      const built = await this.buildOnce(trigger, changed);
      if (this.serving) {
        if (built.result.errors.length === 0) await this.deploy(built);
        else await this.serving.instance?.publish({ state: 'failed', message: firstError(built.result) });
      }
      await this.follow(built.result);
      return built.result;
    });
  }

  private async buildOnce(trigger: BuildTrigger, changed: readonly string[]): Promise<Built> {
    this.emit({ type: 'build-start', trigger, changed });
    const started = performance.now();
    const startedAt = Date.now();
    const before = snapshot(this.builtStamps.keys());
    // A server evaluates CommonJS; a bundle written to disk is in the format the options ask for.
    const format: OutputFormat = this.serving && this.options.outfile === undefined ? 'cjs' : (this.options.format ?? 'esm');
    const previous = this.lastGood?.result.outputs[0]?.hash;
    const { compiled, ...result } = await this.session.build(format, (outputs) => outputs[0]?.hash !== previous);
    const read = result.files;
    this.builtStamps = read.length === before.size && read.every((f) => before.has(f)) ? before : stampsOfUnchanged(read, startedAt);
    const built: Built = { result, programs: compiled.programs, format, values: compiled.values, compileMs: performance.now() - started };
    this.built = true;
    this.lastResult = result;
    const hash = result.outputs[0]?.hash;
    if (result.errors.length === 0 && hash !== undefined) this.lastGood = built;
    this.emit({ type: 'build-end', trigger, result, hash, durationMs: built.compileMs, unchanged: hash !== undefined && hash === previous });
    if (hash !== previous) for (const output of result.outputs) if (output.path) this.emit({ type: 'write', path: output.path, hash: output.hash });
    return built;
  }

  private async deploy(built: Built | undefined): Promise<void> {
    const serving = this.serving;
    const output = built?.result.outputs[0];
    const program = built?.programs[0];
    if (!serving || !built || !output || !program) return;
    const values = serving.options.values ?? built.values;
    if (values === undefined) {
      serving.failure = 'the values could not be read';
      this.emit({ type: 'warning', message: `${serving.failure}; ${serving.runner.serving ? `still serving ${serving.runner.serving}` : 'nothing is running yet'}` });
      return;
    }
    const previous = serving.runner.serving;
    try {
      const bundleStarted = performance.now();
      const { code, map } = built.format === 'cjs' ? output : await this.session.bundle(program, 'cjs');
      const bundleMs = performance.now() - bundleStarted;
      const swap = await serving.runner.deploy({ namespace: output.namespace, hash: output.hash, code, ...(map ? { map } : {}) }, { env: serving.options.env ?? process.env, values }, digest(values));
      serving.failure = undefined;
      if (swap) this.emit({ type: 'swap', hash: swap.hash, previous, timings: { compileMs: built.compileMs, bundleMs, startMs: swap.startMs, drainMs: swap.drainMs } });
      await serving.instance?.publish({ state: 'serving', hash: output.hash, message: undefined });
      if (serving.instance) await this.reportConvergence(output.hash);
    } catch (error) {
      const message = (error as Error).message;
      serving.failure = message;
      this.emit({ type: 'swap-failed', hash: output.hash, serving: serving.runner.serving, message });
      await serving.instance?.publish({ state: 'failed', message });
    }
  }

  /** With a store, this process's record in it, or with workers one record per worker. */
  private async instanceRecord(workers: boolean): Promise<InstanceReport | undefined> {
    if (this.options.store === undefined) return undefined;
    const store = await this.session.openStore();
    const onError = (message: string): void => this.emit({ type: 'warning', message });
    if (!workers) return new (await import('./store/instance.ts')).InstanceRecord(store, this.session.namespace, onError);
    const records = new (await import('./store/worker-records.ts')).WorkerRecords(store, this.session.namespace, onError);
    this.on('worker', (event) => records.follow(event));
    return records;
  }

  private async reportConvergence(hash: string): Promise<void> {
    const { namespaceStatus } = await import('./store/instance.ts');
    const status = await namespaceStatus(await this.session.openStore(), this.session.namespace).catch(() => undefined);
    if (status?.converged) this.emit({ type: 'converged', namespace: this.session.namespace, hash, instances: status.instances.filter((i) => !i.stale).length });
  }

  private async follow(result: BuildResult): Promise<void> {
    if (!this.files) return;
    const inputs = [...(this.options.inputs ?? []), ...(this.options.charts ?? []), ...(this.options.values ?? [])];
    await this.files?.follow(watchRoots(inputs, this.session.cwd), result.files);
    this.verifySoon();
  }

  /**
   * chokidar drops a second `change` of one file within 50 ms; a trailing check of what the last
   * build read catches such edits, so that no save is ever missed.
   */
  private verifySoon(): void {
    clearTimeout(this.verifying);
    this.verifying = setTimeout(() => {
      const now = snapshot(this.builtStamps.keys());
      const stale = [...this.builtStamps].filter(([file, stamp]) => now.get(file) !== stamp).map(([file]) => file);
      if (stale.length === 0) return;
      for (const file of stale) this.changed.add(file);
      this.schedule?.();
    }, 75);
    this.verifying.unref();
  }

  private emit(event: FlowcEvent): void {
    for (const listener of this.listeners.get(event.type) ?? []) (listener as (event: FlowcEvent) => void)(event);
  }
}

function firstError(result: BuildResult): string {
  const first = result.errors[0];
  return first ? `${first.code}: ${first.message}` : 'build failed';
}

/** Changes when bound values change; a digest, so that no value data is kept or shown. */
function digest(values: readonly Value[]): string {
  return createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 16);
}
