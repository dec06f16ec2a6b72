import { statSync } from 'node:fs';
import { loadConfig, type FlowcConfig } from '../config.ts';
import { Diagnostics, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { loadKindModules, type KindRequest } from '../kinds/load.ts';
import { BUILTIN_MODULE, registerKinds, type KindTable } from '../kinds/registry.ts';

export interface ProjectKinds {
  readonly table: KindTable;
  readonly config: FlowcConfig;
  readonly configFile?: string;
  /** The config file and every source file of the kind modules. */
  readonly files: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The kinds a project's specs may use: the built-ins, then the config's kind modules, then the ones
 * passed in (`--kinds`). A resolver reuses what it loaded while none of those files changed, so a
 * watch reloads extensions only when one of them is edited.
 */
export class KindResolver {
  private last: { key: string; stamps: Map<string, string>; kinds: ProjectKinds } | undefined;

  async resolve(cwd: string, config: string | false | undefined, extra: readonly string[]): Promise<ProjectKinds> {
    const key = JSON.stringify([cwd, config, extra]);
    if (this.last && this.last.key === key && sameStamps(this.last.stamps)) return this.last.kinds;
    const diagnostics = new Diagnostics();
    const loaded = await loadConfig(cwd, config, diagnostics);
    const requests: KindRequest[] = [...loaded.kinds, ...extra.map((specifier) => ({ specifier, from: cwd }))];
    const modules = await loadKindModules(requests, diagnostics);
    const table = registerKinds([BUILTIN_MODULE, ...modules.modules], diagnostics);
    const files = [...loaded.files, ...modules.files];
    const kinds: ProjectKinds = { table, config: loaded.config, ...(loaded.file ? { configFile: loaded.file } : {}), files, diagnostics: diagnostics.list };
    this.last = { key, stamps: stamps(loaded.file ? [loaded.file, ...files] : files), kinds };
    return kinds;
  }
}

function stamps(files: readonly string[]): Map<string, string> {
  return new Map(files.map((file) => [file, stamp(file)]));
}

function stamp(file: string): string {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.mtimeMs}:${stat.size}` : 'missing';
}

function sameStamps(previous: ReadonlyMap<string, string>): boolean {
  for (const [file, value] of previous) if (stamp(file) !== value) return false;
  return true;
}
