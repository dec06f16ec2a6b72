import { context, type BuildContext, type BuildOptions, type Plugin } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EmittedProgram } from '../emit/program.ts';
import { oneSourcePerFile } from './source-map.ts';

export interface Bundle {
  /** The program; ESM output ends with a sourceMappingURL comment pointing at `<file>.map`. */
  readonly code: string;
  readonly map: string;
}

export type BundleFormat = 'esm' | 'cjs';

const runtimeRoot = dirname(createRequire(import.meta.url).resolve('@flowc/runtime/package.json'));
const ENTRY = 'flowc:program.ts';

/**
 * Bundles programs with the runtime and its dependencies into one self-contained file. Only the
 * kinds a program imports end up in it; nothing touches the disk. A bundler keeps an esbuild context,
 * so rebuilding after an edit re-parses only the modules that changed (watch mode).
 */
export class Bundler {
  private program: EmittedProgram | undefined;
  private ctx: Promise<BuildContext<BuildOptions & { write: false }>> | undefined;

  constructor(
    private readonly outfile: string,
    private readonly format: BundleFormat = 'esm',
  ) {}

  async bundle(program: EmittedProgram): Promise<Bundle> {
    this.program = program;
    this.ctx ??= context({
      entryPoints: [ENTRY],
      bundle: true,
      write: false,
      platform: 'node',
      format: this.format,
      target: 'node20',
      outfile: this.outfile,
      // CommonJS output is what a hot swap evaluates in-process: its map is handed over beside the code
      // (serve/load.ts registers it for the error line when the process has source maps enabled, as `flowc run` does).
      sourcemap: this.format === 'esm' ? 'linked' : 'external',
      legalComments: 'none',
      logLevel: 'silent',
      // Bundled CommonJS dependencies may call require() for Node built-ins.
      banner: this.format === 'esm' ? { js: "import { createRequire as __flowcRequire } from 'node:module'; const require = __flowcRequire(import.meta.url);" } : {},
      // `import.meta.url` only tells a bundle whether it is the entry point; an evaluated version never is.
      define: this.format === 'cjs' ? { 'import.meta.url': 'undefined' } : {},
      plugins: [programModules(() => this.current())],
    });
    const result = await (await this.ctx).rebuild();
    const outputs = result.outputFiles ?? [];
    const code = outputs.find((f) => !f.path.endsWith('.map'));
    const map = outputs.find((f) => f.path.endsWith('.map'));
    if (!code) throw new Error('esbuild produced no output');
    return { code: code.text, map: map ? oneSourcePerFile(map.text, specTexts(program), dirname(this.outfile)) : '' };
  }

  async dispose(): Promise<void> {
    const ctx = this.ctx;
    this.ctx = undefined;
    await (await ctx)?.dispose();
  }

  private current(): EmittedProgram {
    if (!this.program) throw new Error('no program to bundle');
    return this.program;
  }
}

/** Bundles one program once. */
export async function bundleProgram(program: EmittedProgram, outfile: string, format: BundleFormat = 'esm'): Promise<Bundle> {
  const bundler = new Bundler(outfile, format);
  try {
    return await bundler.bundle(program);
  } finally {
    await bundler.dispose();
  }
}

/** The spec files the program's code fields were written in, with their texts (what their maps point into). */
function specTexts(program: EmittedProgram): Map<string, string> {
  const texts = new Map<string, string>();
  for (const module of program.modules.values()) if (module.sourceMap) texts.set(module.sourceMap.file, module.sourceMap.text);
  return texts;
}

/**
 * Serves the generated entry and code-field modules from memory, and resolves the runtime to its sources.
 * Code fields carry their source maps into the spec files: a bundle's map (and `flowc run`'s error lines) point there.
 */
function programModules(program: () => EmittedProgram): Plugin {
  return {
    name: 'flowc-program',
    setup(b) {
      b.onResolve({ filter: /^flowc:program\.ts$/ }, () => ({ path: ENTRY, namespace: 'flowc-entry' }));
      b.onLoad({ filter: /.*/, namespace: 'flowc-entry' }, () => ({ contents: program().entry, loader: 'ts', resolveDir: runtimeRoot }));
      // Before the catch-all below: a program of thousands of snippets resolves each in one callback.
      b.onResolve({ filter: /^\.\/snippets\//, namespace: 'flowc-entry' }, (args) => (program().modules.has(args.path) ? { path: args.path, namespace: 'flowc-code' } : undefined));
      b.onResolve({ filter: /^@flowc\/runtime(\/|$)/ }, (args) => ({ path: join(runtimeRoot, 'src', `${args.path.slice('@flowc/runtime/'.length) || 'index'}.ts`) }));
      // An extension's implementation named by package resolves from the extension's own folder.
      b.onResolve({ filter: /.*/, namespace: 'flowc-entry' }, (args) => {
        const resolveDir = program().resolveDirs.get(args.path);
        return resolveDir === undefined ? undefined : b.resolve(args.path, { resolveDir, kind: args.kind });
      });
      // Kind definition modules are replaced by their kinds' data (emit/definitions.ts).
      b.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        const source = program().definitions.get(args.path);
        return source === undefined ? undefined : { contents: source, loader: 'js' };
      });
      b.onLoad({ filter: /.*/, namespace: 'flowc-code' }, (args) => {
        const module = program().modules.get(args.path);
        if (!module) return { errors: [{ text: `no generated module ${args.path}` }] };
        return { contents: module.sourceMap ? module.contents + module.sourceMap.comment() : module.contents, loader: module.loader, resolveDir: module.resolveDir };
      });
    },
  };
}
