import { resolve } from 'node:path';
import { createHost } from '@flowc/runtime/core/host';
import { Supervisor, type SwapResult } from '@flowc/runtime/core/supervisor';
import type { StartOptions } from '@flowc/runtime/core/program';
import type { HostServices } from '@flowc/runtime/core/services';
import { collectGarbage, keepNoCompiledVersions } from './gc.ts';
import { loadProgram } from './load.ts';

/** A version to serve: a CommonJS bundle and the hash of its program. */
export interface Version {
  readonly namespace: string;
  readonly hash: string;
  readonly code: string;
  /** The bundle's source map: read when source maps are enabled (`flowc run`), so snippet frames name YAML lines. */
  readonly map?: string;
}

/**
 * Serves successive versions of a program in this process: evaluates each CommonJS bundle (vm) and
 * swaps it in through a Supervisor. A version identical to the running one (same program hash, same
 * values) is not swapped.
 */
export class HotRunner {
  private readonly supervisor: Supervisor;
  private version: string | undefined;
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
    const swap = await this.supervisor.swap(loadProgram(version.code, resolve(`flowc-${version.namespace}-${(this.slot ^= 1)}.cjs`), version.map), options);
    this.options = options;
    this.version = id;
    collectGarbage();
    return swap;
  }

  stop(): Promise<void> {
    return this.supervisor.stop();
  }
}
