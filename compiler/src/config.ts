import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostics, Position } from './diagnostics/diagnostic.ts';
import { configInvalid } from './diagnostics/messages.ts';
import { importModule, type KindRequest } from './kinds/load.ts';
import { parseResources } from './parse/document.ts';

/** What `flowc.config.{ts,mjs,js,json}` holds. */
export interface FlowcConfig {
  /** Kind modules: paths relative to the config file, or npm package names. */
  readonly kinds?: readonly string[];
  /** The store the store commands use when neither `--store` nor `FLOWC_STORE` names one. */
  readonly store?: string;
}

/** Types a config file's default export. */
export function defineConfig(config: FlowcConfig): FlowcConfig {
  return config;
}

export const CONFIG_FILES = ['flowc.config.ts', 'flowc.config.mjs', 'flowc.config.js', 'flowc.config.json'] as const;

export interface LoadedConfig {
  /** The config file read, if any. */
  readonly file?: string;
  readonly config: FlowcConfig;
  /** The config's kind modules, each located at its entry in the file. */
  readonly kinds: KindRequest[];
  /** Files the config is made of, for watching. */
  readonly files: string[];
}

/** The first config file in `cwd`, or the one named; `false` reads none. */
export function findConfig(cwd: string, explicit?: string | false): string | undefined {
  if (explicit === false) return undefined;
  if (explicit !== undefined) return resolve(cwd, explicit);
  return CONFIG_FILES.map((name) => join(cwd, name)).find((file) => existsSync(file));
}

/** Reads a config file. Problems are diagnostics at the file (and entry) they concern. */
export async function loadConfig(cwd: string, explicit: string | false | undefined, diagnostics: Diagnostics): Promise<LoadedConfig> {
  const file = findConfig(cwd, explicit);
  if (file === undefined) return { config: {}, kinds: [], files: [] };
  const at: Position = { file, line: 1, column: 1 };
  if (!existsSync(file)) {
    diagnostics.report(configInvalid(`config file ${file} does not exist`), { at });
    return { file, config: {}, kinds: [], files: [] };
  }
  const text = readFileSync(file, 'utf8');
  let exported: unknown;
  let locate: (path: readonly (string | number)[]) => Position = () => at;
  let files = [file];
  if (file.endsWith('.json')) {
    const [resource] = parseResources({ file, text }, diagnostics);
    if (!resource) return { file, config: {}, kinds: [], files };
    exported = resource.data;
    locate = (path) => resource.locate([...path]);
  } else {
    const loaded = await importModule({ specifier: file, from: dirname(file), at }, 'config file', diagnostics, 'CONFIG_INVALID');
    if (!loaded) return { file, config: {}, kinds: [], files };
    exported = loaded.exports.default;
    files = loaded.files;
    locate = (path) => (typeof path[1] === 'number' ? locateText(text, file, (exported as FlowcConfig).kinds?.[path[1]]) : at);
  }
  const config = checkShape(exported, locate, diagnostics);
  const kinds = (config.kinds ?? []).map((specifier, i): KindRequest => ({ specifier, from: dirname(file), at: locate(['kinds', i]) }));
  return { file, config, kinds, files };
}

function checkShape(value: unknown, locate: (path: readonly (string | number)[]) => Position, diagnostics: Diagnostics): FlowcConfig {
  const problem = (path: readonly (string | number)[], message: string): FlowcConfig => {
    diagnostics.report(configInvalid(message), { at: locate(path) });
    return {};
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return problem([], 'the config must export an object (`export default defineConfig({ … })`)');
  const { kinds, store } = value as Record<string, unknown>;
  if (kinds !== undefined && (!Array.isArray(kinds) || kinds.some((k) => typeof k !== 'string' || k === ''))) {
    return problem(['kinds'], '`kinds` must be a list of module paths or package names');
  }
  if (store !== undefined && (typeof store !== 'string' || store === '')) return problem(['store'], '`store` must be a URL or a folder path');
  return value as FlowcConfig;
}

/** Where a string literal appears in a JavaScript/TypeScript config, so a bad entry is shown where it is written. */
function locateText(text: string, file: string, literal: string | undefined): Position {
  if (literal === undefined) return { file, line: 1, column: 1 };
  const index = [`'${literal}'`, `"${literal}"`, `\`${literal}\``].map((q) => text.indexOf(q)).find((i) => i >= 0) ?? -1;
  if (index < 0) return { file, line: 1, column: 1 };
  const before = text.slice(0, index).split('\n');
  return { file, line: before.length, column: before[before.length - 1]!.length + 1 };
}
