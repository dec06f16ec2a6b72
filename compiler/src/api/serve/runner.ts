import { resolve } from 'node:path';
import { createHost } from '@flowc/runtime/core/host';
import { Supervisor, type SwapResult } from '@flowc/runtime/core/supervisor';
import type { StartOptions } from '@flowc/runtime/core/program';
import type { HostServices } from '@flowc/runtime/core/services';
import { collectGarbage, keepNoCompiledVersions } from './gc.ts';
import { loadProgram } from './load.ts';
import { prepareSpare, preflight, releaseSpare } from './preflight.ts';

/** A version to serve: a CommonJS bundle and the hash of its program. */
export interface Version {
  readonly namespace: string;
  readonly hash: string;
  readonly code: string;
  /** The bundle's source map: read when source maps are enabled (`flowc run`), so snippet frames name YAML lines. */
  readonly map?: string;
}

/** What serves the versions a context deploys: this process (`HotRunner`) or a cluster of workers (`ClusterRunner`). */
export interface Runner {
  /** The hash of the program version being served (by every worker, for a cluster). */
  readonly serving: string | undefined;
  send(node: string, port: string, payload: unknown): Promise<unknown>;
  /** Swaps the version in; resolves `undefined` when nothing changed. Rejects (old version kept) on a start error. */
  deploy(version: Version, options: StartOptions, fingerprint?: string): Promise<SwapResult | undefined>;
  stop(): Promise<void>;
  /**
   * Gives up on versions still being checked before their start, so that a stop does not wait out a hung
   * one. Runners that do not check versions in this process (a cluster: its workers do) have none.
   */
  abandonStarts?(): void;
}

/**
 * Serves successive versions of a program in this process: evaluates each CommonJS bundle (vm) and
 * swaps it in through a Supervisor. A version identical to the running one (same program hash, same
 * values) is not swapped.
 */
export class HotRunner implements Runner {
  private readonly supervisor: Supervisor;
  private version: string | undefined;
  private readonly stopping = new AbortController();
  /**
   * Versions alternate between two file names. Their source maps are kept by file name (log/frames.ts):
   * one name per version would keep every version's map (MiBs each) forever; two keep the serving
   * version's and the draining one's apart.
   */
  private slot = 0;

  constructor(
    private options: StartOptions,
    host: HostServices = createHost(),
  ) {
    keepNoCompiledVersions();
    this.supervisor = new Supervisor(host, options);
  }

  /** The hash of the program version being served. */
  get serving(): string | undefined {
    return this.supervisor.hash;
  }

  send(node: string, port: string, payload: unknown): Promise<unknown> {
    const running = this.supervisor.running;
    if (!running) return Promise.reject(new Error('no program is serving yet'));
    return running.send(node, port, payload);
  }

  /** Swaps the version in; resolves `undefined` when nothing changed. Rejects (old version kept) on a start error. */
  async deploy(version: Version, options: StartOptions = this.options, fingerprint = ''): Promise<SwapResult | undefined> {
    const id = `${version.hash}:${fingerprint}`;
    if (id === this.version) return undefined;
    // The name the serving version does not have (a refused version must not take the serving one's map).
    const slot = this.slot ^ 1;
    const filename = resolve(`flowc-${version.namespace}-${slot}.cjs`);
    // Code that never returns is caught in a worker (and the version abandoned) before it runs here.
    const checking = performance.now();
    await preflight(version.code, filename, options, this.stopping.signal);
    const checkMs = performance.now() - checking;
    const started = await this.supervisor.swap(loadProgram(version.code, filename, version.map), options);
    // The check is part of starting the new version.
    const swap = { ...started, startMs: started.startMs + checkMs };
    this.slot = slot;
    this.options = options;
    this.version = id;
    collectGarbage();
    prepareSpare();
    return swap;
  }

  /** Gives up on a version still being checked (stopping must not wait for one that may never return). */
  abandonStarts(): void {
    this.stopping.abort(new Error('abandoned: the server is stopping'));
  }

  stop(): Promise<void> {
    this.abandonStarts();
    releaseSpare();
    return this.supervisor.stop();
  }
}
