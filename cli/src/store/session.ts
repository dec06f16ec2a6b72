import { CompileRejected, formatDiagnostics, isResourceType, openStore, readInputFile, RESOURCE_TYPES, StoreError, type Diagnostic, type InputFile, type ResourceType, type Store } from '@flowc/compiler';

/** Flags every store command accepts. */
export interface StoreFlags {
  readonly store?: string;
}

/** Exit codes of the store commands: 0 done, 1 refused or failed (nothing changed), 2 usage. */
export const USAGE = 2;

export function parseType(type: string): ResourceType | undefined {
  if (isResourceType(type)) return type;
  process.stderr.write(`flowc: unknown resource type \`${type}\` (expected ${RESOURCE_TYPES.join(', ')})\n`);
  return undefined;
}

/** Opens the configured store, runs `work`, closes the store, and reports store errors uniformly. */
export async function withStore(flags: StoreFlags, work: (store: Store) => Promise<number>): Promise<number> {
  let store: Store;
  try {
    ({ store } = await openStore({ ...(flags.store ? { store: flags.store } : {}) }));
  } catch (error) {
    process.stderr.write(`flowc: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    return await work(store);
  } catch (error) {
    if (error instanceof CompileRejected) {
      printDiagnostics(error.diagnostics, error.sources);
      const errors = error.diagnostics.filter((d) => d.severity === 'error').length;
      process.stderr.write(`\n${errors} error(s): the store was not changed\n`);
      return 1;
    }
    if (error instanceof StoreError) {
      process.stderr.write(`flowc: ${error.message}${error.code === 'UNAVAILABLE' ? '' : '\nthe store was not changed'}\n`);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): void {
  if (diagnostics.length > 0) process.stderr.write(formatDiagnostics(diagnostics, { sources, color: process.stderr.isTTY }));
}

/** Reads a `-f` file; prints why and returns undefined when it cannot be read or does not parse. */
/** `showSource: false` (values, which are secrets) reports problems by position, without code frames. */
export function readInputOrReport(filename: string, showSource = true): InputFile | undefined {
  let input: InputFile;
  try {
    input = readInputFile(filename);
  } catch (error) {
    process.stderr.write(`flowc: cannot read ${filename}: ${(error as Error).message}\n`);
    return undefined;
  }
  if (input.diagnostics.length === 0) return input;
  printDiagnostics(input.diagnostics, showSource ? new Map([[input.file, input.text]]) : new Map());
  return undefined;
}
