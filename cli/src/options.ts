import type { InputOptions } from '@flowc/compiler';
import { envKey } from '@flowc/runtime/core/main';

/** Flags every compiling command takes. */
export interface InputFlags {
  readonly namespace?: string;
  readonly charts?: readonly string[];
  readonly values?: readonly string[];
  readonly store?: string;
  readonly kinds?: readonly string[];
  /** `--config <file>`, or false for `--no-config`. */
  readonly config?: string | boolean;
}

export function inputOptions(inputs: readonly string[], flags: InputFlags): InputOptions {
  return {
    ...(inputs.length > 0 ? { inputs } : {}),
    ...(flags.charts ? { charts: flags.charts } : {}),
    ...(flags.values && flags.values.length > 0 ? { values: flags.values } : {}),
    ...(flags.store !== undefined ? { store: flags.store } : {}),
    ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
    ...(flags.kinds ? { kinds: flags.kinds } : {}),
    ...(flags.config === false ? { config: false as const } : typeof flags.config === 'string' ? { config: flags.config } : {}),
  };
}

/** `--env KEY=VALUE` pairs over the process environment; each key is also offered as SCREAMING_SNAKE (`port` → `PORT`). */
export function envFromPairs(pairs: readonly string[]): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const pair of pairs.flatMap((e) => e.split(','))) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env expects KEY=VALUE, got ${JSON.stringify(pair)}`);
    const key = pair.slice(0, eq);
    env[key] = env[envKey(key)] = pair.slice(eq + 1);
  }
  return env;
}

/** A command line that cannot work; exit code 2. */
export class UsageError extends Error {}

/** Usage problems common to the compiling commands; undefined when the flags are usable. */
export function inputProblem(command: string, inputs: readonly string[], flags: InputFlags): string | undefined {
  if (flags.store !== undefined && inputs.length > 0) return `flowc ${command}: pass spec files or --store, not both`;
  if (flags.store === undefined && inputs.length === 0) return `flowc ${command}: pass spec files, folders or globs, or --store (or set FLOWC_STORE)`;
  return undefined;
}

/** With no inputs and no `--store`, the store `FLOWC_STORE` names, as every store command reads it. */
export function withStoreFromEnv<T extends InputFlags>(inputs: readonly string[], flags: T, env: NodeJS.ProcessEnv = process.env): T {
  if (inputs.length > 0 || flags.store !== undefined || !env.FLOWC_STORE) return flags;
  return { ...flags, store: env.FLOWC_STORE };
}

/** envFromPairs, or undefined after printing why the pairs are unusable. */
export function envOrReport(pairs: readonly string[]): Record<string, string | undefined> | undefined {
  try {
    return envFromPairs(pairs);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`flowc: ${error.message}\n`);
    return undefined;
  }
}
