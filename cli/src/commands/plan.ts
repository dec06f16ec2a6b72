import { createInterface } from 'node:readline/promises';
import { formatPlan, plan, planApply, type PlanResult, type ResourceType, type Store } from '@flowc/compiler';
import { inputOptions, type InputFlags } from '../options.ts';
import { printDiagnostics } from '../render.ts';
import { parseType, readInputOrReport, USAGE, withStore, type StoreFlags } from '../store/session.ts';

export interface PlanFlags extends InputFlags, StoreFlags {
  readonly filename?: string;
  readonly type: string;
  readonly format: 'text' | 'json';
  readonly detailedExitcode?: boolean;
}

/**
 * `flowc plan <before> <after>` or `flowc plan --store URL -f file`: what deploying the new version changes,
 * compared on the compiled graphs. Exit 0 (with --detailed-exitcode: 0 no change, 2 changes), 1 when a side
 * does not compile.
 */
export async function planCommand(inputs: readonly string[], flags: PlanFlags): Promise<number> {
  if (flags.store !== undefined || flags.filename !== undefined) {
    if (inputs.length > 0 || !flags.filename) {
      process.stderr.write('flowc: plan --store takes -f <file> (what `flowc apply` would write) and no inputs\n');
      return USAGE;
    }
    const type = parseType(flags.type);
    if (!type) return USAGE;
    const input = readInputOrReport(flags.filename, type !== 'values');
    if (!input) return 1;
    return withStore(flags, async (store) => report(await planApply(store, type, input, storeOptions(flags)), flags));
  }
  if (inputs.length !== 2) {
    process.stderr.write('flowc: plan compares two versions: flowc plan <before> <after> (each a file, a folder or a quoted glob)\n');
    return USAGE;
  }
  const { namespace, ...shared } = inputOptions([], flags);
  const result = await plan({ ...shared, inputs: [inputs[0]!] }, { ...shared, inputs: [inputs[1]!] }, namespace);
  return report(result, flags);
}

function storeOptions(flags: PlanFlags): { namespace?: string; kinds?: readonly string[]; config?: string | false } {
  const { namespace, kinds, config } = inputOptions([], flags);
  return { ...(namespace ? { namespace } : {}), ...(kinds ? { kinds } : {}), ...(config !== undefined ? { config } : {}) };
}

function report(result: PlanResult, flags: Pick<PlanFlags, 'format' | 'detailedExitcode'>): number {
  if (result.errors.length > 0) {
    printDiagnostics({ diagnostics: result.errors, errors: result.errors, sources: new Map() }, flags.format, 'no plan');
    return 1;
  }
  const json = { changed: result.changed, namespaces: result.namespaces, ...(result.values ? { values: result.values } : {}) };
  process.stdout.write(flags.format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : formatPlan(result.namespaces, result.values));
  return flags.detailedExitcode && result.changed ? 2 : 0;
}

/**
 * `flowc apply --plan`: prints what the write would change, then asks (or takes `--yes`): `apply`, `skip` (no
 * change to make) or `refuse`. A run without a terminal and without `--yes` is refused.
 */
export async function confirmPlan(store: Store, type: ResourceType, input: Parameters<typeof planApply>[2], options: { namespace: string; yes: boolean }): Promise<'apply' | 'skip' | 'refuse'> {
  const result = await planApply(store, type, input, { namespace: options.namespace });
  if (result.errors.length > 0) return 'apply'; // the write's own check reports them and refuses it
  process.stderr.write(formatPlan(result.namespaces, result.values));
  if (!result.changed) return 'skip';
  if (options.yes) return 'apply';
  if (!process.stdin.isTTY) {
    process.stderr.write('flowc: not applied: pass --yes to apply without asking\n');
    return 'refuse';
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question('Apply these changes? [y/N] ');
  prompt.close();
  return /^y(es)?$/i.test(answer.trim()) ? 'apply' : 'refuse';
}
