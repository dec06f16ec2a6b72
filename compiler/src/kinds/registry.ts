import { Ajv } from 'ajv';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { KindDefinition, PortDecl } from '@flowc/runtime/core/kind';
import { builtinKinds } from '@flowc/runtime/kinds/index';
import type { ChartDef } from '../charts/chart.ts';
import { isHookPort } from '@flowc/runtime/core/envelope';
import type { Diagnostics, Position } from '../diagnostics/diagnostic.ts';
import { kindInvalid, kindInvalidSchema, kindNameClash, kindNotAKind } from '../diagnostics/messages.ts';

/** A kind the compiler can use, and the module the emitted program imports its implementation from. */
export interface KindEntry {
  readonly definition: KindDefinition<never>;
  /** What the emitted program imports: a package specifier or an absolute path. */
  readonly implementation: string;
  /** Where a package specifier in `implementation` resolves from (the defining module's folder); unset for built-ins. */
  readonly resolveDir?: string;
  /** The module the kind was defined in, for messages (`@flowc/runtime/kinds` for built-ins). */
  readonly origin: string;
  /** Set for user-defined chart kinds: the chart the compiler expands. */
  readonly chart?: ChartDef;
  /** A digest of an extension's source files: a change to them changes the program's hash. */
  readonly version?: string;
  /**
   * The module the definition lives in, when bundles may replace it with its kinds' data, so that
   * build-time hooks and the schema builder stay out of bundles (see emit/definitions.ts).
   */
  readonly definitionModule?: DefinitionModule;
}

/** A module that exports only kind definitions: its file and its exports. */
export interface DefinitionModule {
  readonly file: string;
  readonly exports: Readonly<Record<string, unknown>>;
}

/** Kinds by name. */
export type KindTable = ReadonlyMap<string, KindEntry>;

/** A module that defines kinds, as loaded: its exports, where it lives and where it was asked for. */
export interface KindModule {
  /** As written in the config or on the command line. */
  readonly specifier: string;
  /** The resolved file; relative implementations resolve from its folder. */
  readonly file: string;
  readonly exports: Readonly<Record<string, unknown>>;
  /** A digest of the module's source files and its kinds' implementations (extensions only). */
  readonly version?: string;
  /** The file each kind's definition is in, when the module exports nothing but kinds. */
  readonly definitionFile?: (definition: KindDefinition<never>) => string | undefined;
  /** Where the module was listed (a config file entry), for diagnostics. */
  readonly at?: Position;
}

const runtimeRoot = dirname(createRequire(import.meta.url).resolve('@flowc/runtime/package.json'));


const KIND_NAME = /^[A-Za-z_][\w.-]*$/;

/** The module built-in kinds are defined in; it registers like any extension module. */
export const BUILTIN_MODULE: KindModule = {
  specifier: '@flowc/runtime/kinds',
  file: '@flowc/runtime/kinds/index',
  exports: { default: builtinKinds },
  // Each built-in is defined in runtime/src/kinds/<kind>.ts (runtime/src/kinds/kinds.test.ts checks it).
  definitionFile: (definition) => join(runtimeRoot, 'src', 'kinds', `${definition.kind}.ts`),
};

/**
 * Registers the kinds of each module, in order: every definition is checked the same way, whether it
 * is built in or an extension, and a name may be defined once. Problems are reported, and the kind is
 * left out, so one bad extension never hides the others.
 */
export function registerKinds(modules: readonly KindModule[], diagnostics: Diagnostics): Map<string, KindEntry> {
  const table = new Map<string, KindEntry>();
  for (const module of modules) {
    const definitions = exportedKinds(module.exports);
    if (definitions.length === 0) {
      diagnostics.report(kindNotAKind(module.specifier), { at: module.at });
      continue;
    }
    for (const candidate of definitions) {
      const problem = definitionProblem(candidate);
      if (problem) {
        diagnostics.report(kindInvalid(module.specifier, kindName(candidate), problem), { at: module.at });
        continue;
      }
      const definition = candidate as KindDefinition<never>;
      // Built-in schemas are compiled by their unit test; an extension's is compiled as it registers.
      const schemaProblem = module === BUILTIN_MODULE ? undefined : invalidSchema(definition);
      if (schemaProblem) {
        diagnostics.report(kindInvalidSchema(definition.kind, module.specifier, schemaProblem), { at: module.at });
        continue;
      }
      const names = [definition.kind, ...(definition.aliases ?? [])];
      const taken = names.find((name) => table.has(name));
      if (taken !== undefined) {
        const previous = table.get(taken)!;
        diagnostics.report(kindNameClash(module.specifier, taken, previous.origin, previous.origin === BUILTIN_MODULE.specifier), { at: module.at });
        continue;
      }
      const file = module.definitionFile?.(definition);
      const definitionModule = file === undefined ? undefined : { file, exports: module === BUILTIN_MODULE ? { default: definition } : module.exports };
      const entry: KindEntry = {
        definition,
        ...implementationOf(definition, module),
        origin: module.specifier,
        ...(module.version ? { version: module.version } : {}),
        ...(definitionModule ? { definitionModule } : {}),
      };
      for (const name of names) table.set(name, entry);
    }
  }
  return table;
}

/** The kinds built in, registered as any module is. */
export function builtinKindTable(diagnostics: Diagnostics): Map<string, KindEntry> {
  return registerKinds([BUILTIN_MODULE], diagnostics);
}

let ajv: Ajv | undefined;

function invalidSchema(definition: KindDefinition<never>): string | undefined {
  try {
    (ajv ??= new Ajv({ allErrors: true, strict: false })).compile(definition.schema);
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

/** A default export (one kind or a list), then every named export that is a kind. */
function exportedKinds(exports: Readonly<Record<string, unknown>>): unknown[] {
  const found: unknown[] = [];
  const add = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(add);
    else if (looksLikeKind(value) && !found.includes(value)) found.push(value);
  };
  add(exports.default);
  for (const [name, value] of Object.entries(exports)) if (name !== 'default') add(value);
  return found;
}

function looksLikeKind(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { kind?: unknown }).kind === 'string';
}

function kindName(value: unknown): string | undefined {
  const kind = (value as { kind?: unknown }).kind;
  return typeof kind === 'string' ? kind : undefined;
}

function definitionProblem(value: unknown): string | undefined {
  const d = value as Record<string, unknown>;
  if (typeof d.kind !== 'string' || !KIND_NAME.test(d.kind)) return `its name must match ${KIND_NAME.source}`;
  if (d.aliases !== undefined && !(Array.isArray(d.aliases) && d.aliases.every((alias) => typeof alias === 'string' && KIND_NAME.test(alias) && alias !== d.kind))) {
    return `\`aliases\` must be a list of other kind names, each matching ${KIND_NAME.source}`;
  }
  if (typeof d.description !== 'string') return '`description` must be a string';
  if (d.schema === null || typeof d.schema !== 'object' || Array.isArray(d.schema)) return '`schema` must be a JSON Schema object';
  for (const side of ['inputs', 'outputs'] as const) {
    const ports = d[side];
    if (ports === null || typeof ports !== 'object' || Array.isArray(ports)) return `\`${side}\` must map port names to declarations`;
    for (const [port, decl] of Object.entries(ports)) {
      if (!/^[A-Za-z_$][\w$-]*$/.test(port)) return `port name \`${port}\` is not an identifier`;
      if (isHookPort(port)) return `\`${port}\` is a port every node has; it cannot be declared`;
      if (decl === null || typeof decl !== 'object') return `the declaration of port \`${port}\` must be an object (\`{}\`, or \`{ indexed: true }\`)`;
    }
  }
  if (typeof d.implementation !== 'string' || d.implementation === '') return '`implementation` must name the module that implements it';
  for (const hook of ['code', 'expand', 'expressions', 'check', 'introspects'] as const) {
    if (d[hook] !== undefined && typeof d[hook] !== 'function') return `\`${hook}\` must be a function`;
  }
  return undefined;
}

/** The implementation resolves from the defining module's folder, as an import written there would. */
function implementationOf(definition: KindDefinition<never>, module: KindModule): Pick<KindEntry, 'implementation' | 'resolveDir'> {
  const spec = definition.implementation;
  if (module === BUILTIN_MODULE || isAbsolute(spec)) return { implementation: spec };
  if (spec.startsWith('./') || spec.startsWith('../')) return { implementation: resolve(dirname(module.file), spec) };
  return { implementation: spec, resolveDir: dirname(module.file) };
}

export type { KindDefinition, PortDecl };
