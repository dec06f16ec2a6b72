// The public API of flowc, declared in one place. Everything a caller passes or receives is here.
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Graph } from '../resolve/graph.ts';
import type { NamespacePlan } from '../plan/diff.ts';
import type { GraphView } from '../graph/model.ts';
import type { HostServices } from '@flowc/runtime/core/services';
import type { Value } from '@flowc/runtime/core/binding';

export type { Diagnostic, Note, Severity } from '../diagnostics/diagnostic.ts';
export type { DiagnosticCode } from '../diagnostics/codes.ts';
export type { Graph, GraphEdge, GraphNode } from '../resolve/graph.ts';
export type { FlowcConfig } from '../config.ts';
export type { Value };

/** Where specs come from, and which kinds they may use. Shared by every entry point. */
export interface InputOptions {
  /** Spec files, folders or globs (YAML/JSON). Charts and values among them are told apart by their shape. */
  readonly inputs?: readonly string[];
  /** Files holding charts only. */
  readonly charts?: readonly string[];
  /** Values files: every value a spec binds must exist. Their data never enters a bundle. */
  readonly values?: readonly string[];
  /** Build the namespace a store holds instead of files: `postgres://…`, `mem://name`, or a folder. */
  readonly store?: string;
  /** The namespace to build (default `default`); `*` builds every namespace of the inputs. */
  readonly namespace?: string;
  /** Base of relative paths, and where the config file is looked for (default: `process.cwd()`). */
  readonly cwd?: string;
  /** Kind modules to load besides the config's: paths relative to `cwd`, or npm package names. */
  readonly kinds?: readonly string[];
  /** The config file (default: the first `flowc.config.{ts,mjs,js,json}` in `cwd`); `false` reads none. */
  readonly config?: string | false;
}

export type CheckOptions = InputOptions;

export type { NamespacePlan, ChangedNode, PlannedEdge, Rebind, LostState, BindingChange } from '../plan/diff.ts';

/** What `plan()` / `planApply()` found: one plan per namespace compared. */
export interface PlanResult {
  readonly namespaces: readonly NamespacePlan[];
  /** False when the compiled graphs are the same (formatting and comments are no change). */
  readonly changed: boolean;
  /** Errors that kept either side from compiling; the plan is empty then. */
  readonly errors: readonly Diagnostic[];
  /**
   * `planApply` of values: each value the write stores (`store`: new, `swap`: its data changes, `unchanged`),
   * by name; values are no part of the graph, and their data never appears.
   */
  readonly values?: ReadonlyArray<{ readonly namespace: string; readonly name: string; readonly op: 'store' | 'swap' | 'unchanged' }>;
}

export interface InitOptions {
  readonly cwd?: string;
  /** The folder to scaffold (default: `cwd`); it must be empty. */
  readonly dir?: string;
  /** The project's name (default: the folder's). */
  readonly name?: string;
}

export interface InitResult {
  readonly dir: string;
  /** The files written, relative to `dir`. */
  readonly files: readonly string[];
  /** Why nothing was written (the folder is not empty). */
  readonly refused?: string;
}

/** Which kinds `schema()` describes: the project's, as a build loads them. */
export type SchemaOptions = Pick<InputOptions, 'cwd' | 'kinds' | 'config'>;

export interface SchemaResult {
  /** A JSON Schema (draft 2020-12) object for spec files. */
  readonly schema: Readonly<Record<string, unknown>>;
  /** Problems loading the config or a kind module (that kind is left out of the schema). */
  readonly diagnostics: readonly Diagnostic[];
  readonly errors: readonly Diagnostic[];
}

export type { GraphView, ViewEdge, ViewNode, ViewProblem } from '../graph/model.ts';
export type { GraphFormat } from '../graph/index.ts';
import type { GraphFormat } from '../graph/index.ts';

export interface GraphOptions extends InputOptions {
  /** What `text` holds (default `json`). */
  readonly format?: GraphFormat;
}

export interface GraphResult extends CheckResult {
  /** The namespace's nodes, ports, edges and problems, as data (what `json` prints). */
  readonly view: GraphView;
  readonly format: GraphFormat;
  /** The picture in `format`: Mermaid or DOT source, JSON, a self-contained SVG or HTML page. */
  readonly text: string;
}

export interface CheckResult {
  /** Every problem found, errors and warnings, in the order found. */
  readonly diagnostics: readonly Diagnostic[];
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
  /** The text of every file read, by name: what `formatDiagnostics` draws code frames from. */
  readonly sources: ReadonlyMap<string, string>;
  /** Every file the build depends on (specs, charts, values, config, kind modules): what a watch follows. */
  readonly files: readonly string[];
  /** The resolved graph of every namespace, when the specs parsed. */
  readonly graph?: Graph;
}

export type OutputFormat = 'esm' | 'cjs';

/**
 * Telemetry a bundle carries, turned on when it runs (`docs/observability.md`): `logs` (pino JSON lines),
 * `metrics` (Prometheus and health on `--metrics`), `tracing` (OpenTelemetry over OTLP/HTTP). A bundle
 * without them is as small as without observability.
 */
export type ObserveFeature = 'logs' | 'metrics' | 'tracing';

export interface BuildOptions extends InputOptions {
  /**
   * Where to write the bundle (plus `<outfile>.map`); with `namespace: '*'` a folder that receives
   * `<namespace>.mjs`. Files are written only when the whole build succeeds, atomically. Without it,
   * outputs stay in memory.
   */
  readonly outfile?: string;
  /** Also write the generated TypeScript program: the entry here, its snippet modules beside it. */
  readonly emitTs?: string;
  /** `esm` (default): a runnable program. `cjs`: what an in-process hot swap evaluates. */
  readonly format?: OutputFormat;
  /** Telemetry to build into an ESM bundle (none by default). */
  readonly observe?: readonly ObserveFeature[];
  /** Reject with a `BuildFailure` instead of resolving with error diagnostics. */
  readonly throwOnError?: boolean;
  /**
   * A debug build: every edge reports its packets to the debugger attached to the process
   * (`flowc run --debug`, `flowc dap`). A build without it has no debugger code and no per-packet hook.
   */
  readonly debug?: boolean;
}

/** One bundled program: one per namespace built. */
export interface BuildOutput {
  readonly namespace: string;
  /** Content hash of everything that defines the program's behaviour. */
  readonly hash: string;
  /** The bundle's code; ESM output ends with a `sourceMappingURL` comment naming `<file>.map`. */
  readonly code: string;
  readonly map: string;
  /** Where the bundle was written, when `outfile` was given. */
  readonly path?: string;
  /** The generated TypeScript: the entry module and each snippet module by its import specifier. */
  readonly typescript: { readonly entry: string; readonly modules: ReadonlyMap<string, string> };
}

export interface BuildResult extends CheckResult {
  /** Empty when the build has errors. */
  readonly outputs: readonly BuildOutput[];
}

export type ContextOptions = BuildOptions;

/** What a served program starts with. */
export interface ServeOptions {
  /** The template root: the environment and `--env` pairs (default: `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Values to bind. Default: the data of the build's `values` files, re-read on every build, or, when
   * building from a store, the store's values of the namespace.
   */
  readonly values?: readonly Value[];
  /** Sockets, streams and shared resources (default: a real host). */
  readonly host?: HostServices;
  /** Serve in worker processes (node:cluster) instead of this one; `host` is then each worker's own. */
  readonly workers?: WorkerPlan;
}

/** `--workers`: how many worker processes serve, and the script each runs (it calls the worker side). */
export interface WorkerPlan {
  readonly count: number;
  /** The script a worker runs (`flowc` itself: it serves as a worker when `FLOWC_SERVE_WORKER` is set). */
  readonly exec: string;
  readonly args?: readonly string[];
  /** Added to each worker's environment (`FLOWC_SERVE_WORKER` is set to `{}` unless given). */
  readonly env?: Readonly<Record<string, string>>;
}

/** What one worker of `--workers` does; without `pid`, what is said of all of them. */
export interface WorkerEvent {
  readonly pid?: number;
  readonly state: 'serving' | 'exited' | 'failed';
  /** The hash it serves (or served, for one that exited); undefined when it serves nothing. */
  readonly hash: string | undefined;
  readonly message: string;
}

export interface Server {
  /** The hash of the program version serving now; undefined until a build has started. */
  readonly hash: string | undefined;
  /** Delivers a payload to an in-port of a node of the serving version, in a new process, and resolves with its answer. */
  send(node: string, port: string, payload: unknown): Promise<unknown>;
  /** Stops serving: sources close first, in-flight work finishes, `term` fires. */
  stop(): Promise<void>;
}

export type BuildTrigger = 'rebuild' | 'initial' | 'change' | 'store';

/** Everything a context reports, as data. */
export type FlowcEvent =
  | { readonly type: 'build-start'; readonly trigger: BuildTrigger; readonly changed: readonly string[] }
  | {
      readonly type: 'build-end';
      readonly trigger: BuildTrigger;
      readonly result: BuildResult;
      /** Hash of the (first) program built; undefined when the build failed. */
      readonly hash: string | undefined;
      readonly durationMs: number;
      /** True when nothing that defines the program changed since the previous good build. */
      readonly unchanged: boolean;
    }
  | { readonly type: 'write'; readonly path: string; readonly hash: string }
  | {
      readonly type: 'swap';
      readonly hash: string;
      readonly previous: string | undefined;
      readonly timings: { readonly compileMs: number; readonly bundleMs: number; readonly startMs: number; readonly drainMs: number };
    }
  | { readonly type: 'swap-failed'; readonly hash: string; readonly serving: string | undefined; readonly message: string }
  | { readonly type: 'converged'; readonly namespace: string; readonly hash: string; readonly instances: number }
  | ({ readonly type: 'worker' } & WorkerEvent)
  /**
   * The store's changes that one rebuild took in were acted on (swapped in, found unchanged or refused):
   * `lagMs` from the commit of the oldest of them (the store's clock) until now.
   */
  | { readonly type: 'store-change'; readonly lagMs: number; readonly changes: number }
  | { readonly type: 'warning'; readonly message: string };

export type FlowcEventType = FlowcEvent['type'];
export type FlowcEventOf<T extends FlowcEventType> = Extract<FlowcEvent, { readonly type: T }>;

/** A long-lived build: incremental rebuilds, watching, and serving with hot swap. */
export interface BuildContext {
  /** Builds now, reusing what the previous build of this context computed. */
  rebuild(): Promise<BuildResult>;
  /**
   * Rebuilds on every change of what the last build read (spec and values files, the config and kind
   * modules), or of the store's namespace; resolves once watching, after the first build.
   */
  watch(): Promise<void>;
  /**
   * Serves the latest good build in this process (building first if nothing was built) and hot-swaps
   * every later good build. Rejects when that build fails or cannot start; the context keeps the server
   * attached, so the next good build serves (what `flowc watch --run` relies on).
   */
  serve(options?: ServeOptions): Promise<Server>;
  /** Listens to one type of event; returns a function that stops listening. */
  on<T extends FlowcEventType>(type: T, listener: (event: FlowcEventOf<T>) => void): () => void;
  /** Stops watching and serving and frees the incremental state. */
  dispose(): Promise<void>;
}

export interface FormatOptions {
  /** ANSI colours in code frames. */
  readonly color?: boolean;
  /** `text`: code frames and hints (default). `json`: one array of diagnostics. */
  readonly format?: 'text' | 'json';
  /** File texts for code frames (`result.sources`). */
  readonly sources?: ReadonlyMap<string, string>;
}

/** `test()`: what to run. Inputs are specs and `*.test.yaml` case files (folders hold both). */
export interface TestOptions extends InputOptions {
  /** Only tests whose name matches (a regular expression, as `uniflow test [regex]`). */
  readonly pattern?: string;
  /** Milliseconds a case may take (default 5000); a case file's `timeout` overrides it. */
  readonly timeout?: number;
  /** Cases run at once (default 8). */
  readonly concurrency?: number;
  /** The template root of every case (default: none; `env` of the file and the case add to it). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export type TestStatus = 'passed' | 'failed';

/** One assertion that did not hold, with where it was written. */
export interface TestFailure {
  readonly message: string;
  readonly expected?: unknown;
  readonly actual?: unknown;
  /** The place in the case file (or the spec of a uniflow `test` node) the failed expectation is written at. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

export interface TestCaseResult {
  /** `file › case name`, or the name of a uniflow `test` node. */
  readonly name: string;
  /** The case file, or the spec file of a `test` node. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly status: TestStatus;
  readonly durationMs: number;
  readonly failures: readonly TestFailure[];
}

/** Graph coverage: what the cases made packets move through. */
export interface CoverageItem {
  /** The spec file the node is written in. */
  readonly file: string;
  readonly node: string;
  /** A port (`out[1]`), or, for a router route / switch match / if branch, the port it sends to. */
  readonly port?: string;
  readonly covered: boolean;
}

export interface CoverageSection {
  readonly total: number;
  readonly covered: number;
  /** covered / total in percent (100 when there is nothing to cover). */
  readonly percent: number;
  readonly items: readonly CoverageItem[];
}

export interface TestCoverage {
  readonly nodes: CoverageSection;
  readonly ports: CoverageSection;
  /** Router routes, switch matches and if branches. */
  readonly branches: CoverageSection;
  /** Every item of the three sections together. */
  readonly percent: number;
}

export interface TestReport {
  /** Problems that stopped the tests from being built: specs (as `check` reports them) and case files. */
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
  readonly results: readonly TestCaseResult[];
  readonly passed: number;
  readonly failed: number;
  readonly durationMs: number;
  readonly coverage: TestCoverage;
  /** Every file the tests depend on (specs, case files, config, kinds): what `--watch` follows. */
  readonly files: readonly string[];
}

export type TestReporter = 'default' | 'junit' | 'tap' | 'json';
