import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Value } from '@flowc/runtime/core/binding';
import type { Store } from '@flowc/runtime/store/types';
import { Bundler, type Bundle } from '../bundle/bundle.ts';
import { CompileCache } from '../cache.ts';
import { ALL_NAMESPACES, compile, compileSources, type CompileResult } from '../compile.ts';
import { Diagnostics, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { bundleFailed, fileUnreadable, outputUnwritable } from '../diagnostics/messages.ts';
import type { EmittedProgram } from '../emit/program.ts';
import { BuildFailure } from './failure.ts';
import { KindResolver, type ProjectKinds } from './kinds.ts';
import type { BuildOptions, BuildOutput, BuildResult, CheckResult } from './types.ts';
import { readValueFiles } from './values.ts';
import { UnwritableOutput, writeAtomically } from './write.ts';
import type { TestBuild } from '../test/select.ts';

/** A compile, with what serving it needs besides the program: the values to bind. */
export interface Compiled {
  readonly result: CheckResult;
  readonly programs: readonly EmittedProgram[];
  /** Values read from the store (store builds) or the values files; undefined when they could not be read. */
  readonly values: readonly Value[] | undefined;
}

/**
 * The state one build or a whole context shares: loaded kinds, the compile cache, one bundler per
 * namespace and, when building from a store, the open store. `build()` and `check()` use a session once:
 * with `reuse` false it keeps no compile cache (every key of it would be computed for nothing; measured on
 * 10,000 nodes: about 10% of a check).
 */
export class BuildSession {
  private readonly kinds = new KindResolver();
  private cache: CompileCache | undefined;
  private kindsSeen: KindTableRef | undefined;
  private readonly bundlers = new Map<string, Bundler>();
  private store: Promise<Store> | undefined;
  readonly cwd: string;

  constructor(
    readonly options: BuildOptions,
    private readonly reuse = true,
  ) {
    this.cwd = resolve(options.cwd ?? process.cwd());
    if (options.store !== undefined && (options.inputs?.length ?? 0) > 0) throw new TypeError('flowc: build from `store` or from `inputs`, not both');
    if (options.store !== undefined && options.namespace === ALL_NAMESPACES) throw new TypeError('flowc: a store build builds one namespace');
  }

  /** Telemetry to build in: only into a runnable (ESM) bundle; what a hot swap evaluates is observed by its runner. */
  private get observe(): BuildOptions['observe'] {
    return (this.options.format ?? 'esm') === 'esm' ? this.options.observe : undefined;
  }

  /**
   * Every stage but emit (`emit: false`), or all of them. `test`: a test build (test nodes kept, the
   * nodes named mocked), what `flowc test` runs; several test builds of one session share its cache.
   */
  async compile(emit: boolean, test?: TestBuild): Promise<Compiled> {
    const kinds = await this.kinds.resolve(this.cwd, this.options.config, this.options.kinds ?? []);
    if (this.kindsSeen !== kinds.table) {
      // Kinds changed (an extension was edited): nothing validated against the old ones is reused.
      this.cache = this.reuse ? new CompileCache() : undefined;
      this.kindsSeen = kinds.table;
    }
    const diagnostics = new Diagnostics([...kinds.diagnostics]);
    let compiled: CompileResult;
    let values: Value[] | undefined;
    let sourceFiles: string[];
    if (this.options.store !== undefined) {
      const { readStoreSources } = await import('./store/sources.ts');
      const sources = await readStoreSources(await this.openStore(), this.namespace);
      compiled = compileSources(sources.files, { namespace: this.namespace, checkValues: true, kinds: kinds.table, cache: this.cache, emit, cwd: this.cwd, debug: this.options.debug === true, observe: this.observe, ...(test ? { test } : {}) }, diagnostics);
      values = sources.values;
      sourceFiles = [];
    } else {
      compiled = compile({
        inputs: this.options.inputs ?? [],
        charts: this.options.charts,
        values: this.options.values,
        namespace: this.options.namespace,
        cwd: this.cwd,
        kinds: kinds.table,
        cache: this.cache,
        emit,
        debug: this.options.debug === true,
        observe: this.observe,
        ...(test ? { test } : {}),
      }, diagnostics);
      values = this.readValues(diagnostics);
      sourceFiles = [...compiled.sources.keys()].map((file) => resolve(this.cwd, file));
    }
    return { result: checkResult(compiled, [...kinds.files, ...sourceFiles, ...(this.options.values ?? []).map((v) => resolve(this.cwd, v))], kinds), programs: compiled.programs, values };
  }

  /** Compiles, bundles and (with `outfile`) writes every program, all or nothing. */
  async build(format = this.options.format ?? 'esm', shouldWrite: (outputs: readonly BuildOutput[]) => boolean = () => true, test?: TestBuild): Promise<BuildResult & { readonly compiled: Compiled }> {
    const compiled = await this.compile(true, test);
    const outputs: BuildOutput[] = [];
    const diagnostics = [...compiled.result.diagnostics];
    for (const program of compiled.programs) {
      const path = this.outputPath(program.namespace);
      try {
        const bundle = await this.bundle(program, format);
        outputs.push({
          namespace: program.namespace,
          hash: program.hash,
          code: bundle.code,
          map: bundle.map,
          ...(path ? { path } : {}),
          typescript: { entry: program.entry, modules: new Map([...program.modules].map(([s, m]) => [s, m.contents])) },
        });
      } catch (error) {
        diagnostics.push(...bundleDiagnostics(error, program.namespace));
      }
    }
    const failed = diagnostics.length > compiled.result.diagnostics.length;
    const result = failed ? withDiagnostics(compiled.result, diagnostics) : compiled.result;
    if (result.errors.length > 0) {
      if (this.options.throwOnError) throw new BuildFailure(result.diagnostics, result.sources);
      return { ...result, outputs: [], compiled };
    }
    if (shouldWrite(outputs)) {
      const unwritable = this.write(outputs);
      if (unwritable) {
        const refused = withDiagnostics(result, [...result.diagnostics, unwritable]);
        if (this.options.throwOnError) throw new BuildFailure(refused.diagnostics, refused.sources);
        return { ...refused, outputs: [], compiled };
      }
    }
    return { ...result, outputs, compiled };
  }

  /** Bundles a program of this session (one esbuild context per namespace and format, kept for rebuilds). */
  bundle(program: EmittedProgram, format: 'esm' | 'cjs'): Promise<Bundle> {
    return this.bundler(program.namespace, format).bundle(program);
  }

  async dispose(): Promise<void> {
    const bundlers = [...this.bundlers.values()];
    this.bundlers.clear();
    await Promise.all(bundlers.map((b) => b.dispose()));
    const store = this.store;
    this.store = undefined;
    if (store) await (await store).close();
  }

  /** The store of a store build, opened once per session. */
  openStore(): Promise<Store> {
    return (this.store ??= (async () => {
      const [{ openStore }, { resolveStore }] = await Promise.all([import('@flowc/runtime/store/open'), import('./store/location.ts')]);
      return openStore((await resolveStore(this.options.store, this.cwd)).url);
    })());
  }

  get namespace(): string {
    return this.options.namespace ?? 'default';
  }

  private readValues(diagnostics: Diagnostics): Value[] | undefined {
    try {
      return readValueFiles(this.options.values ?? [], this.cwd);
    } catch (error) {
      // The compile already reported a values file that does not parse, with its location.
      if (!diagnostics.hasErrors) diagnostics.report(fileUnreadable((this.options.values ?? []).join(', '), (error as Error).message));
      return undefined;
    }
  }

  private outputPath(namespace: string): string | undefined {
    const out = this.options.outfile;
    if (out === undefined) return undefined;
    return this.options.namespace === ALL_NAMESPACES ? resolve(this.cwd, out, `${namespace}.mjs`) : resolve(this.cwd, out);
  }

  private bundler(namespace: string, format: 'esm' | 'cjs'): Bundler {
    const key = `${namespace}\u0000${format}`;
    let bundler = this.bundlers.get(key);
    if (!bundler) this.bundlers.set(key, (bundler = new Bundler(this.outputPath(namespace) ?? resolve(this.cwd, `${namespace}.mjs`), format)));
    return bundler;
  }

  /** Writes the outputs, all or none; a file that cannot be written is an `OUTPUT_UNWRITABLE` diagnostic. */
  private write(outputs: readonly BuildOutput[]): Diagnostic | undefined {
    const files: Array<[string, string]> = [];
    for (const output of outputs) {
      if (output.path) files.push([output.path, output.code], [`${output.path}.map`, output.map]);
      if (this.options.emitTs) {
        const entry = this.options.namespace === ALL_NAMESPACES ? resolve(this.cwd, this.options.emitTs, `${output.namespace}.ts`) : resolve(this.cwd, this.options.emitTs);
        files.push([entry, output.typescript.entry]);
        for (const [specifier, contents] of output.typescript.modules) files.push([join(dirname(entry), specifier), contents]);
      }
    }
    // Every file of one build lands together or not at all.
    try {
      if (files.length > 0) writeAtomically(files);
    } catch (error) {
      if (!(error instanceof UnwritableOutput)) throw error;
      const sink = new Diagnostics();
      const shown = relative(this.cwd, error.path);
      sink.report(outputUnwritable(shown && !shown.startsWith('..') ? shown : error.path, error.reason), {});
      return sink.list[0];
    }
    return undefined;
  }
}

type KindTableRef = ProjectKinds['table'];

function checkResult(compiled: CompileResult, files: readonly string[], kinds: ProjectKinds): CheckResult {
  const sources = new Map(compiled.sources);
  if (kinds.configFile && !sources.has(kinds.configFile)) {
    // Config diagnostics point into the config file: give the renderer its text.
    for (const d of kinds.diagnostics) if (d.file === kinds.configFile) sources.set(d.file, readText(d.file));
  }
  return withDiagnostics({ diagnostics: [], errors: [], warnings: [], sources, files: [...new Set(files)], ...(compiled.graph ? { graph: compiled.graph } : {}) }, compiled.diagnostics);
}

function withDiagnostics<T extends CheckResult>(result: T, diagnostics: readonly Diagnostic[]): T {
  return {
    ...result,
    diagnostics,
    errors: diagnostics.filter((d) => d.severity === 'error'),
    warnings: diagnostics.filter((d) => d.severity === 'warning'),
  };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** esbuild's errors (an implementation that does not resolve, say) as diagnostics at their place. */
function bundleDiagnostics(error: unknown, namespace: string): Diagnostic[] {
  const errors = (error as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }).errors;
  const list = errors && errors.length > 0 ? errors : [{ text: (error as Error).message, location: null }];
  const sink = new Diagnostics();
  for (const e of list) sink.report(bundleFailed(namespace, e.text), e.location ? { at: { file: e.location.file, line: e.location.line, column: e.location.column + 1 } } : {});
  return sink.list;
}
