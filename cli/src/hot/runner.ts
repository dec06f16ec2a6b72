import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { Bundler, type EmittedProgram } from '@flowc/compiler/index';
import { createHost } from '@flowc/runtime/core/host';
import { Supervisor, type SwapResult } from '@flowc/runtime/core/supervisor';
import type { StartOptions } from '@flowc/runtime/core/program';
import type { HostServices } from '@flowc/runtime/core/services';
import { collectGarbage, keepNoCompiledVersions } from './gc.ts';
import { loadProgram } from './load.ts';

export interface Deployed extends SwapResult {
  /** Time to bundle the program, in ms. */
  readonly bundleMs: number;
}

/**
 * Serves successive versions of a program in this process: bundles each (CommonJS, evaluated with
 * vm), and swaps it in through a Supervisor. A version identical to the running one (same program
 * hash, same values) is not swapped.
 */
export class HotRunner {
  private readonly supervisor: Supervisor;
  private readonly bundler: Bundler;
  private version: string | undefined;

  constructor(
    private options: StartOptions,
    host: HostServices = createHost(),
  ) {
    keepNoCompiledVersions();
    this.supervisor = new Supervisor(host, options);
    this.bundler = new Bundler(resolve('flowc-hot.cjs'), 'cjs');
  }

  /** The hash of the program version being served. */
  get serving(): string | undefined {
    return this.supervisor.hash;
  }

  /** Swaps the program in; resolves `undefined` when nothing changed. Rejects (old version kept) on a start error. */
  async deploy(program: EmittedProgram, options: StartOptions = this.options): Promise<Deployed | undefined> {
    const version = `${program.hash}:${fingerprint(options)}`;
    if (version === this.version) return undefined;
    const started = performance.now();
    const bundle = await this.bundler.bundle(program);
    const bundleMs = performance.now() - started;
    const swap = await this.supervisor.swap(loadProgram(bundle.code, resolve(`flowc-${program.namespace}-${program.hash}.cjs`)), options);
    this.options = options;
    this.version = version;
    collectGarbage();
    return { ...swap, bundleMs };
  }

  async stop(): Promise<void> {
    await this.supervisor.stop();
    await this.bundler.dispose();
  }
}

/** Changes when bound values change; a digest, so no value data is kept or shown. */
function fingerprint(options: StartOptions): string {
  return createHash('sha256').update(JSON.stringify(options.values ?? [])).digest('hex').slice(0, 16);
}
