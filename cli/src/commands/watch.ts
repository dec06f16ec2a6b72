import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { watch } from 'chokidar';
import { ALL_NAMESPACES, Bundler, compile, CompileCache } from '@flowc/compiler/index';
import { coalesce } from '../hot/coalesce.ts';
import { describeSwap, hotLog } from '../hot/log.ts';
import { HotRunner } from '../hot/runner.ts';
import { report, type CompileFlags } from './shared.ts';
import { startOptionsOrReport } from './start-options.ts';
import { writeAtomically } from './write.ts';

export interface WatchFlags extends CompileFlags {
  readonly out?: string;
  readonly run?: boolean;
  readonly env: readonly string[];
  readonly values: readonly string[];
}

const log = (message: string): void => hotLog('watch', message);

/**
 * `flowc watch`: rebuilds on every change. With `-o` the bundle is rewritten atomically; with `--run`
 * the program is served and hot-swapped. A broken edit prints its diagnostics and changes nothing.
 */
export async function watchCommand(inputs: readonly string[], flags: WatchFlags): Promise<number> {
  if (!flags.out && !flags.run) {
    process.stderr.write('flowc watch: pass -o <file> to rebuild a bundle, --run to serve and hot-swap, or both\n');
    return 2;
  }
  const options = startOptionsOrReport(flags.env, flags.values);
  if (!options) return 2;
  const runner = flags.run ? new HotRunner(options) : undefined;
  const bundler = flags.out ? new Bundler(resolve(flags.out)) : undefined;
  const cache = new CompileCache();
  let served: string | undefined;
  /** `mtime:size` of every file the last build read (values files included), taken before it read them. */
  let builtFiles = new Map<string, string>();

  const rebuild = async (): Promise<void> => {
    const started = performance.now();
    const before = snapshot(builtFiles.keys());
    const result = report(compile({ inputs, cache, charts: flags.charts, namespace: flags.namespace === ALL_NAMESPACES ? 'default' : flags.namespace }), flags);
    const read = [...result.sources.keys(), ...flags.values];
    builtFiles = read.every((f) => before.has(f)) && read.length === before.size ? before : new Map(read.map((f) => [f, '?']));
    const program = result.program;
    if (!program) {
      log(`build failed; ${served ? `still serving ${served}` : 'nothing is running yet'}`);
      return;
    }
    // Values are re-read on every build: an edited values file re-binds them (the runner swaps when
    // the program or the values changed).
    const current = runner ? startOptionsOrReport(flags.env, flags.values) : options;
    if (!current) {
      log(`values could not be read; ${served ? `still serving ${served}` : 'nothing is running yet'}`);
      return;
    }
    if (!runner && program.hash === served) {
      log(`no change (${program.hash})`);
      return;
    }
    const compileMs = performance.now() - started;
    if (bundler && flags.out) {
      const bundle = await bundler.bundle(program);
      const out = resolve(flags.out);
      writeAtomically([[out, bundle.code], [`${out}.map`, bundle.map]]);
      if (!runner) log(`wrote ${flags.out} (${program.hash}) in ${Math.round(performance.now() - started)} ms`);
    }
    if (!runner) {
      served = program.hash;
      return;
    }
    try {
      const deployed = await runner.deploy(program, current);
      served = program.hash;
      log(deployed ? describeSwap(deployed, compileMs) : `no change (${program.hash})`);
    } catch (error) {
      log(`${(error as Error).message}\n${served ? `still serving ${served}` : 'nothing is running yet'}`);
    }
  };

  // chokidar drops a second `change` of one file within 50 ms; a trailing check of what the last
  // build read catches such edits, so that no save is ever missed.
  let verifying: NodeJS.Timeout | undefined;
  const verifySoon = (): void => {
    clearTimeout(verifying);
    verifying = setTimeout(() => {
      const now = snapshot(builtFiles.keys());
      if ([...builtFiles].some(([file, stamp]) => now.get(file) !== stamp)) schedule();
    }, 75);
  };
  const schedule = coalesce(rebuild, (error) => log(`rebuild failed: ${(error as Error).stack ?? String(error)}`), verifySoon);

  const watcher = watch(watchRoots([...inputs, ...(flags.charts ?? []), ...flags.values]), { ignoreInitial: true, ignored: (path) => /(^|[/\\])(node_modules|\.git)([/\\]|$)/.test(path) });
  watcher.on('all', (_event, path) => {
    if (!/\.(ya?ml|json)$/i.test(path)) return;
    schedule();
    verifySoon();
  });
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  schedule();

  const stop = (): void => {
    clearTimeout(verifying);
    void watcher.close();
    const done = (): void => process.exit(0);
    if (runner) runner.stop().then(done, done);
    else done();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined);
}

function snapshot(files: Iterable<string>): Map<string, string> {
  const stamps = new Map<string, string>();
  for (const file of files) {
    const stat = statSync(file, { throwIfNoEntry: false });
    stamps.set(file, stat ? `${stat.mtimeMs}:${stat.size}` : 'missing');
  }
  return stamps;
}

/** Files and folders to watch: each input itself, or for a glob its folder before the first wildcard. */
function watchRoots(inputs: readonly string[]): string[] {
  return inputs.map((input) => {
    if (statSync(input, { throwIfNoEntry: false })) return input;
    const wildcard = input.search(/[*?[{]/);
    return wildcard === -1 ? dirname(input) : dirname(input.slice(0, wildcard) + 'x');
  });
}
