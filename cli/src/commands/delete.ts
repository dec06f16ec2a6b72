import { deleteResources, type DeleteTarget, type Filter } from '@flowc/compiler';
import { redact, render, type OutputFormat } from '../store/output.ts';
import { parseType, printDiagnostics, readInputOrReport, USAGE, withStore, type StoreFlags } from '../store/session.ts';

export interface DeleteFlags extends StoreFlags {
  readonly filename?: string;
  readonly name?: readonly string[];
  readonly all?: boolean;
  readonly namespace: string;
  readonly format: OutputFormat;
  readonly check: boolean;
}

/**
 * `flowc delete specs|values|charts -f FILE | --name N | --all`: exactly one selector. File entries
 * must each carry an id or a name: an entry with neither would match the whole namespace (§9.21),
 * which only `--all` may do. What remains of the namespace must still build.
 */
export async function deleteCommand(typeName: string, flags: DeleteFlags): Promise<number> {
  const type = parseType(typeName);
  if (!type) return USAGE;
  const selectors = [flags.filename !== undefined, (flags.name?.length ?? 0) > 0, flags.all === true].filter(Boolean).length;
  if (selectors !== 1) {
    process.stderr.write('flowc: delete needs exactly one of -f <file>, --name <name> or --all\n');
    return USAGE;
  }
  let target: DeleteTarget;
  if (flags.filename !== undefined) {
    const input = readInputOrReport(flags.filename, type !== 'values');
    if (!input) return 1;
    target = { filters: input.entries.map((e): Filter => filterOf(e.data, flags.namespace)) };
  } else if (flags.all) {
    target = { all: true, namespace: flags.namespace };
  } else {
    target = { filters: (flags.name ?? []).map((name) => ({ namespace: flags.namespace, name })) };
  }
  return withStore(flags, async (store) => {
    const { result: deleted, warnings, sources } = await deleteResources(store, type, target, { check: flags.check });
    printDiagnostics(warnings, sources);
    if (deleted.length === 0 && flags.format === 'table') {
      process.stderr.write(`no ${type} matched: nothing deleted\n`);
    } else {
      const shown = deleted.map((r) => redact(type, r, false));
      process.stdout.write(render(type, shown, flags.format, flags.format === 'table' ? shown.map(() => 'delete' as const) : undefined));
    }
    // Naming what is not there is a mistake worth an exit code (a typo in a script); `--all` of nothing is not.
    const missing = 'filters' in target ? target.filters.filter((f) => !deleted.some((r) => matches(f, r))) : [];
    for (const filter of missing) process.stderr.write(`flowc: no ${type} ${describeFilter(filter)} in namespace \`${filter.namespace}\`\n`);
    return missing.length > 0 ? 1 : 0;
  });
}

function matches(filter: Filter, resource: { id?: string; name?: string; namespace?: string }): boolean {
  if (filter.namespace !== undefined && resource.namespace !== filter.namespace) return false;
  return (filter.id === undefined || resource.id === filter.id) && (filter.name === undefined || resource.name === filter.name);
}

function describeFilter(filter: Filter): string {
  return filter.name !== undefined ? `named \`${filter.name}\`` : `with id \`${filter.id}\``;
}

function filterOf(entry: Record<string, unknown>, namespace: string): Filter {
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  return { id: text(entry.id), name: text(entry.name), namespace: text(entry.namespace) ?? namespace };
}
