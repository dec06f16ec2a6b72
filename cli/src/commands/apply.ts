import { applyResources } from '@flowc/compiler';
import { redact, render, type OutputFormat } from '../store/output.ts';
import { parseType, printDiagnostics, readInputOrReport, USAGE, withStore, type StoreFlags } from '../store/session.ts';

export interface ApplyFlags extends StoreFlags {
  readonly filename?: string;
  readonly namespace: string;
  readonly format: OutputFormat;
  readonly showSecrets?: boolean;
  /** `--no-check` sets this to false. */
  readonly check: boolean;
  /** Print what the write changes first (`flowc plan`), then ask, or go ahead with `yes`. */
  readonly plan?: boolean;
  readonly yes?: boolean;
}

/**
 * `flowc apply specs|values|charts -f FILE`: upserts every entry of the file, all or nothing. The
 * write happens only if every namespace it touches still builds; otherwise the diagnostics are
 * printed as `flowc check` prints them and the store keeps what it had.
 */
export async function applyCommand(typeName: string, flags: ApplyFlags): Promise<number> {
  const type = parseType(typeName);
  if (!type) return USAGE;
  if (!flags.filename) {
    process.stderr.write('flowc: apply needs -f <file> (use - for standard input)\n');
    return USAGE;
  }
  const input = readInputOrReport(flags.filename, type !== 'values');
  if (!input) {
    process.stderr.write('\nthe store was not changed\n');
    return 1;
  }
  if (input.entries.length === 0) {
    process.stderr.write(`flowc: ${input.file} holds no resources\n`);
    return 1;
  }
  return withStore(flags, async (store) => {
    if (flags.plan) {
      const { confirmPlan } = await import('./plan.ts');
      const decision = await confirmPlan(store, type, input, { namespace: flags.namespace, yes: flags.yes ?? false });
      if (decision !== 'apply') {
        process.stderr.write('the store was not changed\n');
        return decision === 'skip' ? 0 : 1;
      }
    }
    const { result: applied, warnings, sources } = await applyResources(store, type, input, { namespace: flags.namespace, check: flags.check });
    printDiagnostics(warnings, sources);
    const resources = applied.map((a) => redact(type, a.resource, flags.showSecrets ?? false));
    process.stdout.write(render(type, resources, flags.format, flags.format === 'table' ? applied.map((a) => a.op) : undefined));
    return 0;
  });
}
