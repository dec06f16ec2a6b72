import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Message, Plugin } from 'esbuild';
import type { Diagnostics, Position } from '../diagnostics/diagnostic.ts';
import { kindModuleFailed, kindModuleNotFound } from '../diagnostics/messages.ts';
import type { KindModule } from './registry.ts';

/** A kind module to load: as written, the folder it resolves from, and where it was listed. */
export interface KindRequest {
  readonly specifier: string;
  readonly from: string;
  readonly at?: Position;
}

export interface LoadedKindModules {
  readonly modules: KindModule[];
  /** Every source file the modules and their implementations are made of (outside node_modules): what a watch follows. */
  readonly files: string[];
}

const runtimeRoot = dirname(createRequire(import.meta.url).resolve('@flowc/runtime/package.json'));

/**
 * Loads kind modules (TypeScript or JavaScript, a path or an npm package) the way a bundler would:
 * each is bundled with esbuild (npm dependencies stay external, resolved where the module lives) and
 * imported from a private temporary file. Each kind's implementation is compiled too, without being
 * run, so that a missing or broken implementation is reported now rather than when a bundle is built.
 * Every failure becomes a diagnostic; nothing throws.
 */
export async function loadKindModules(requests: readonly KindRequest[], diagnostics: Diagnostics): Promise<LoadedKindModules> {
  const modules: KindModule[] = [];
  const files = new Set<string>();
  if (requests.length === 0) return { modules, files: [] };
  const esbuild = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'flowc-kinds-'));
  try {
    for (const [index, request] of requests.entries()) {
      const loaded = await loadOne(esbuild, request, join(dir, `kinds-${index}.mjs`), diagnostics);
      if (!loaded) continue;
      modules.push(loaded.module);
      for (const file of loaded.files) files.add(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { modules, files: [...files] };
}

type Esbuild = typeof import('esbuild');

async function loadOne(esbuild: Esbuild, request: KindRequest, outfile: string, diagnostics: Diagnostics): Promise<{ module: KindModule; files: string[] } | undefined> {
  const imported = await importCompiled(esbuild, request, outfile, 'kind module', diagnostics);
  if (!imported) return undefined;
  const { exports, compiled } = imported;
  const files = [...compiled.files];
  for (const [name, value] of Object.entries(exports)) {
    const implementation = (value as { implementation?: unknown } | null)?.implementation;
    if (typeof implementation !== 'string' || typeof (value as { kind?: unknown }).kind !== 'string') continue;
    const from = dirname(compiled.entry);
    const impl = await compileModule(esbuild, implementation, from);
    if ('errors' in impl) {
      const kind = String((value as { kind: string }).kind);
      reportBuildErrors(impl.errors, { ...request, from }, `implementation \`${implementation}\` of kind \`${kind}\` (exported as \`${name}\`)`, diagnostics);
      continue;
    }
    files.push(...impl.files);
  }
  const digest = createHash('sha256');
  for (const file of new Set(files)) digest.update(file).update(readFileSync(file));
  // A module that exports only kinds can be replaced in bundles by their data (see bundle/bundle.ts).
  const onlyKinds = Object.values(exports).every((value) => isKindLike(value) || (Array.isArray(value) && value.every(isKindLike)));
  return {
    module: {
      specifier: request.specifier,
      file: compiled.entry,
      exports,
      version: digest.digest('hex').slice(0, 16),
      ...(request.at ? { at: request.at } : {}),
      ...(onlyKinds ? { definitionFile: () => compiled.entry } : {}),
    },
    files,
  };
}

/** Compiles and imports one module; undefined after reporting why it cannot be. */
async function importCompiled(
  esbuild: Esbuild,
  request: KindRequest,
  outfile: string,
  what: string,
  diagnostics: Diagnostics,
  code: 'KIND_MODULE_FAILED' | 'CONFIG_INVALID' = 'KIND_MODULE_FAILED',
): Promise<{ exports: Record<string, unknown>; compiled: Extract<Compiled, { code: string }> } | undefined> {
  const compiled = await compileModule(esbuild, request.specifier, request.from);
  if ('errors' in compiled) {
    reportBuildErrors(compiled.errors, request, `${what} \`${request.specifier}\``, diagnostics, code);
    return undefined;
  }
  writeFileSync(outfile, compiled.code);
  try {
    return { exports: { ...((await import(pathToFileURL(outfile).href)) as Record<string, unknown>) }, compiled };
  } catch (error) {
    diagnostics.report(kindModuleFailed(`${what} \`${request.specifier}\``, `throws when loaded: ${firstLine(error)}`, undefined, code), { at: request.at });
    return undefined;
  }
}

/** Imports a TypeScript or JavaScript module the way kind modules are (a config file). */
export async function importModule(request: KindRequest, what: string, diagnostics: Diagnostics, code: 'KIND_MODULE_FAILED' | 'CONFIG_INVALID'): Promise<{ exports: Record<string, unknown>; files: string[] } | undefined> {
  const esbuild = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'flowc-module-'));
  try {
    const imported = await importCompiled(esbuild, request, join(dir, 'module.mjs'), what, diagnostics, code);
    return imported && { exports: imported.exports, files: imported.compiled.files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Compiled = { code: string; entry: string; files: string[] } | { errors: Message[] };

/** Bundles a module with its local files; npm packages stay external, pinned to the file they resolve to. */
async function compileModule(esbuild: Esbuild, specifier: string, from: string): Promise<Compiled> {
  try {
    const result = await esbuild.build({
      entryPoints: [specifier],
      absWorkingDir: from,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      metafile: true,
      logLevel: 'silent',
      outfile: join(from, 'kinds.mjs'),
      plugins: [externalPackages()],
    });
    const output = Object.values(result.metafile.outputs)[0];
    const entry = output?.entryPoint === undefined ? undefined : resolve(from, output.entryPoint);
    const code = result.outputFiles[0]?.text;
    if (entry === undefined || code === undefined) return { errors: [{ text: 'esbuild produced no output' } as Message] };
    const files = Object.keys(result.metafile.inputs)
      .map((input) => resolve(from, input))
      .filter((file) => !/[/\\]node_modules[/\\]/.test(file) && !file.startsWith(runtimeRoot));
    return { code, entry, files };
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    return { errors: errors && errors.length > 0 ? errors : [{ text: firstLine(error) } as Message] };
  }
}

/**
 * Packages are not bundled into the loaded module: each is imported from the file it resolves to
 * where the importing module lives. flowc's own runtime (defineKind, Type) is bundled from source.
 */
function externalPackages(): Plugin {
  return {
    name: 'flowc-kind-externals',
    setup(b) {
      b.onResolve({ filter: /^@flowc\/runtime(\/|$)/ }, (args) => ({ path: join(runtimeRoot, 'src', `${args.path.slice('@flowc/runtime/'.length) || 'index'}.ts`) }));
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        // pluginData marks the resolve this callback asks for itself, which must not come back here.
        if (args.pluginData === 'external' || args.kind === 'entry-point' || isAbsolute(args.path) || isBuiltin(args.path)) return undefined;
        if (args.importer.startsWith(runtimeRoot)) return undefined;
        const found = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'external' });
        if (found.errors.length > 0) return { errors: found.errors };
        return { path: pathToFileURL(found.path).href, external: true };
      });
    },
  };
}

function reportBuildErrors(errors: readonly Message[], request: KindRequest, what: string, diagnostics: Diagnostics, failed: 'KIND_MODULE_FAILED' | 'CONFIG_INVALID' = 'KIND_MODULE_FAILED'): void {
  const first = errors[0]!;
  const notFound = /^Could not resolve/.test(first.text) && (first.location === null || first.location === undefined);
  if (notFound) {
    diagnostics.report(kindModuleNotFound(what, request.from), { at: request.at });
    return;
  }
  const location = first.location;
  const at = location ? { file: resolve(request.from, location.file), line: location.line, column: location.column + 1 } : request.at;
  const listed = request.at && at && request.at.file !== at.file ? request.at : undefined;
  diagnostics.report(kindModuleFailed(what, `does not compile: ${first.text}`, listed, failed), { at });
}

function isKindLike(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { kind?: unknown }).kind === 'string' && typeof (value as { implementation?: unknown }).implementation === 'string';
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
