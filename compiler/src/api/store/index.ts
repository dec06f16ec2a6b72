import type { Applied, DeleteTarget, Resource, ResourceType, Store } from '@flowc/runtime/store/types';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { KindResolver } from '../kinds.ts';
import { CompileRejected } from './rejected.ts';
import type { KindTable } from '../../kinds/registry.ts';
import type { InputOptions } from '../types.ts';
import { compileCheck } from './check.ts';
import type { InputFile } from './input.ts';
import { resolveStore, type StoreLocation } from './location.ts';
import { namespaceStatus, type NamespaceStatus } from './instance.ts';

export interface StoreOptions {
  /** `postgres://…`, `mem://name`, or a folder; default `$FLOWC_STORE`, the config's `store`, `./flows`. */
  readonly store?: string;
  readonly cwd?: string;
}

export interface OpenedStore {
  readonly store: Store;
  readonly location: StoreLocation;
}

/** Opens the store the options (or the environment, or the config) name. */
export async function openStore(options: StoreOptions = {}): Promise<OpenedStore> {
  const { openStore: open } = await import('@flowc/runtime/store/open');
  const location = await resolveStore(options.store, options.cwd);
  return { store: open(location.url), location };
}

/** How a write is checked: that every namespace it touches still builds, with the project's kinds. */
export interface CheckedWriteOptions extends Pick<InputOptions, 'cwd' | 'kinds' | 'config'> {
  /** Default true. */
  readonly check?: boolean;
}

/** The project's kinds (config and `kinds`), so that specs using extensions pass the check. */
export async function checkContext(options: CheckedWriteOptions): Promise<{ cwd: string; kinds: KindTable }> {
  const cwd = options.cwd ?? process.cwd();
  const kinds = await new KindResolver().resolve(cwd, options.config, options.kinds ?? []);
  if (kinds.diagnostics.some((d) => d.severity === 'error')) throw new CompileRejected(kinds.diagnostics, new Map());
  return { cwd, kinds: kinds.table };
}

export interface StoreWrite<T> {
  readonly result: T;
  /** Warnings of the compile check (errors reject the write with a `CompileRejected` instead). */
  readonly warnings: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * Upserts every entry of a resource file, all or nothing. With `check` (the default) the write
 * happens only if every namespace it touches still builds; otherwise it rejects with a
 * `CompileRejected` whose diagnostics point into the file.
 */
export async function applyResources(
  store: Store,
  type: ResourceType,
  input: InputFile,
  options: CheckedWriteOptions & { readonly namespace?: string } = {},
): Promise<StoreWrite<Applied[]>> {
  const checker = options.check === false ? undefined : compileCheck(store, { input, showInputSource: type !== 'values', ...(await checkContext(options)) });
  const result = await store.apply(
    type,
    input.entries.map((e) => e.data),
    { ...(options.namespace ? { namespace: options.namespace } : {}), ...(checker ? { check: checker.check } : {}) },
  );
  return { result, warnings: checker?.warnings ?? [], sources: checker?.sources ?? new Map() };
}

/** Deletes what the target names; with `check` (the default) only if what remains still builds. */
export async function deleteResources(store: Store, type: ResourceType, target: DeleteTarget, options: CheckedWriteOptions = {}): Promise<StoreWrite<Resource[]>> {
  const checker = options.check === false ? undefined : compileCheck(store, await checkContext(options));
  const result = await store.delete(type, checker ? { ...target, check: checker.check } : target);
  return { result, warnings: checker?.warnings ?? [], sources: checker?.sources ?? new Map() };
}

/** The instances serving a namespace (or every namespace) and whether they converged on one hash. */
export function storeStatus(store: Store, namespace?: string): Promise<NamespaceStatus> {
  return namespaceStatus(store, namespace);
}

export { CompileRejected } from './rejected.ts';
export { parseInput, readInputFile, type InputFile } from './input.ts';
export type { StoreLocation } from './location.ts';
export type { InstanceStatus, NamespaceStatus } from './instance.ts';
export { HEARTBEAT_MS, STALE_MS } from './instance.ts';
