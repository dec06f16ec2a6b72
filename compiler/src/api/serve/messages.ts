import type { StartOptions } from '@flowc/runtime/core/program';
import type { SwapResult } from '@flowc/runtime/core/supervisor';
import type { Version } from './runner.ts';

/**
 * What the primary of `--workers` (ClusterRunner) and each worker (serveWorker) say to each other over
 * the cluster's IPC channel. Every request carries an id that its answer repeats.
 */
export type ToWorker =
  | { readonly flowc: 'deploy'; readonly id: number; readonly version: Version; readonly options: Pick<StartOptions, 'env' | 'values'>; readonly fingerprint: string }
  | { readonly flowc: 'send'; readonly id: number; readonly node: string; readonly port: string; readonly payload: unknown }
  | { readonly flowc: 'stop' };

/** A request to a worker before its id is given. */
export type WorkerRequest = ToWorker extends infer T ? (T extends { readonly id: number } ? Omit<T, 'id'> : never) : never;

export type FromWorker =
  /** The worker listens for requests (sent once, before any other message). */
  | { readonly flowc: 'online' }
  | { readonly flowc: 'done'; readonly id: number; readonly result: SwapResult | unknown }
  | { readonly flowc: 'failed'; readonly id: number; readonly message: string };

/** Set in a worker's environment: tells the entry script to serve as a worker (its value: the entry's own settings). */
export const WORKER_ENV = 'FLOWC_SERVE_WORKER';
