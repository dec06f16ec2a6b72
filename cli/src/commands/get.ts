import type { Filter } from '@flowc/compiler';
import { redact, render, type OutputFormat } from '../store/output.ts';
import { parseType, USAGE, withStore, type StoreFlags } from '../store/session.ts';

export interface GetFlags extends StoreFlags {
  readonly namespace: string;
  readonly allNamespaces?: boolean;
  readonly format: OutputFormat;
  readonly showSecrets?: boolean;
}

/** `flowc get specs|values|charts [names…]`: lists a namespace (or every one); values are redacted. */
export async function getCommand(typeName: string, names: readonly string[], flags: GetFlags): Promise<number> {
  const type = parseType(typeName);
  if (!type) return USAGE;
  return withStore(flags, async (store) => {
    const namespace = flags.allNamespaces ? undefined : flags.namespace;
    const filters: Filter[] = names.length > 0 ? names.map((name) => ({ namespace, name })) : [{ namespace }];
    const found = (await store.list(type, filters)).map((r) => redact(type, r, flags.showSecrets ?? false));
    if (found.length === 0 && flags.format === 'table') {
      process.stderr.write(`no ${type} found${namespace === undefined ? '' : ` in namespace ${namespace}`}\n`);
      return names.length > 0 ? 1 : 0;
    }
    process.stdout.write(render(type, found, flags.format));
    return names.length > 0 && found.length < names.length ? 1 : 0;
  });
}
