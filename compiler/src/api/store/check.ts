import { compileSources } from '../../compile.ts';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { LocatedResource } from '../../parse/document.ts';
import { RESOURCE_TYPES, type Check, type Proposal, type Resource, type ResourceType, type Store } from '@flowc/runtime/store/types';
import type { KindTable } from '../../kinds/registry.ts';
import { CompileRejected } from './rejected.ts';
import { remapDiagnostics } from './remap.ts';
import { namespaceFiles, storeFileName } from './sources.ts';

export interface CompileCheck {
  readonly check: Check;
  /** Warnings of the last check that passed (errors reject the write instead). */
  readonly warnings: Diagnostic[];
  readonly sources: Map<string, string>;
}

export interface CompileCheckOptions {
  readonly cwd?: string;
  /** The kinds the specs may use (default: the built-ins). */
  readonly kinds?: KindTable;
  /** The `-f` file the batch came from: its entries, in batch order, and its text. */
  readonly input?: { readonly file: string; readonly text: string; readonly entries: readonly LocatedResource[] };
  /** False for values (secrets): diagnostics in the input file get no code frame. */
  readonly showInputSource?: boolean;
}

/**
 * The check `flowc apply`/`delete` run inside the store's write: every namespace the write touches
 * must still build (specs, charts and value bindings together) with what the store already holds.
 * A namespace left without specs has nothing to build and passes.
 */
export function compileCheck(store: Store, options: CompileCheckOptions = {}): CompileCheck {
  const result: CompileCheck = { warnings: [], sources: new Map(), check: async (proposal) => run(proposal) };
  if (options.input && options.showInputSource !== false) result.sources.set(options.input.file, options.input.text);

  const run = async (proposal: Proposal): Promise<void> => {
    const origins = new Map<string, LocatedResource>();
    proposal.applied.forEach((a, i) => {
      const entry = options.input?.entries[i];
      if (entry) origins.set(storeFileName(proposal.type, a.resource), entry);
    });
    const found: Diagnostic[] = [];
    for (const [namespace, proposed] of proposal.namespaces) {
      const resources = await namespaceContents(store, namespace, proposal.type, proposed);
      if (resources.specs.length === 0) continue;
      // The store is the authority on values: a binding to a value it lacks is an error.
      const compiled = compileSources(namespaceFiles(resources), { namespace, cwd: options.cwd, checkValues: true, ...(options.kinds ? { kinds: options.kinds } : {}) });
      for (const [file, text] of compiled.sources) result.sources.set(file, text);
      found.push(...remapDiagnostics(compiled.diagnostics, compiled.sources, origins));
    }
    if (found.some((d) => d.severity === 'error')) throw new CompileRejected(found, result.sources);
    result.warnings.push(...found);
  };
  return result;
}

export async function namespaceContents(store: Store, namespace: string, type: ResourceType, proposed: readonly Resource[]): Promise<Record<ResourceType, readonly Resource[]>> {
  const entries = await Promise.all(
    RESOURCE_TYPES.map(async (t): Promise<[ResourceType, readonly Resource[]]> => [t, t === type ? proposed : await store.list(t, { namespace })]),
  );
  return Object.fromEntries(entries) as Record<ResourceType, readonly Resource[]>;
}
