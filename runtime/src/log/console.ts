import { format } from 'node:util';
import { redact } from '../core/redact.ts';

type Method = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';
const METHODS: readonly Method[] = ['log', 'info', 'warn', 'error', 'debug', 'trace'];

/** Shared by every runtime copy in the process (each hot-swapped version bundles its own): the console is patched once. */
const REGISTRY = Symbol.for('flowc.console.secrets');
type Registry = Set<WeakRef<ReadonlySet<string>>>;

/**
 * Masks the program's bound values in everything written through `console.*` (snippets, extension
 * kinds). The console is wrapped once per process; each program version adds its secrets, held weakly
 * so that an unloaded version's set goes with it.
 */
export function maskConsole(secrets: ReadonlySet<string>): void {
  const holder = console as unknown as Record<symbol, Registry | undefined>;
  let registry = holder[REGISTRY];
  if (!registry) {
    const sets: Registry = (registry = new Set());
    holder[REGISTRY] = sets;
    for (const method of METHODS) {
      const original = console[method].bind(console) as (...args: unknown[]) => void;
      console[method] = (...args: unknown[]): void => original('%s', mask(format(...args), sets));
    }
  }
  registry.add(new WeakRef(secrets));
}

function mask(text: string, sets: Registry): string {
  let out = text;
  for (const ref of sets) {
    const secrets = ref.deref();
    if (secrets === undefined) sets.delete(ref);
    else if (secrets.size > 0) out = redact(out, secrets);
  }
  return out;
}
