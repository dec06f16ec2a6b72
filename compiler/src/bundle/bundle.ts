import { build, type Plugin } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EmittedProgram } from '../emit/program.ts';

export interface Bundle {
  /** The ESM program, ending with a sourceMappingURL comment pointing at `<file>.map`. */
  readonly code: string;
  readonly map: string;
}

const runtimeRoot = dirname(createRequire(import.meta.url).resolve('@flowc/runtime/package.json'));

/**
 * Bundles the generated program with the runtime and its dependencies into one self-contained ESM
 * file. Only kinds the program imports end up in it. Nothing touches the disk here.
 */
export async function bundleProgram(program: EmittedProgram, outfile: string, format: 'esm' | 'cjs' = 'esm'): Promise<Bundle> {
  const result = await build({
    stdin: { contents: program.entry, loader: 'ts', sourcefile: 'program.ts', resolveDir: runtimeRoot },
    bundle: true,
    write: false,
    platform: 'node',
    format,
    target: 'node20',
    outfile,
    // CommonJS output is what a hot swap evaluates in-process; its map is inline so stack traces map back.
    sourcemap: format === 'esm' ? 'linked' : 'inline',
    legalComments: 'none',
    logLevel: 'silent',
    // Bundled CommonJS dependencies may call require() for Node built-ins.
    banner: format === 'esm' ? { js: "import { createRequire as __flowcRequire } from 'node:module'; const require = __flowcRequire(import.meta.url);" } : {},
    // `import.meta.url` only tells a bundle whether it is the entry point; an evaluated version never is.
    define: format === 'cjs' ? { 'import.meta.url': 'undefined' } : {},
    plugins: [programModules(program)],
  });
  const outputs = result.outputFiles ?? [];
  const code = outputs.find((f) => f.path.endsWith('.mjs') || f.path.endsWith('.js') || !f.path.endsWith('.map'));
  const map = outputs.find((f) => f.path.endsWith('.map'));
  if (!code) throw new Error('esbuild produced no output');
  return { code: code.text, map: map?.text ?? '' };
}

/** Resolves the runtime to its sources and serves code-field modules from memory. */
function programModules(program: EmittedProgram): Plugin {
  return {
    name: 'flowc-program',
    setup(b) {
      b.onResolve({ filter: /^@flowc\/runtime\// }, (args) => ({ path: join(runtimeRoot, 'src', `${args.path.slice('@flowc/runtime/'.length)}.ts`) }));
      b.onResolve({ filter: /^\.\/snippets\// }, (args) =>
        args.namespace === 'file' && program.modules.has(args.path) ? { path: args.path, namespace: 'flowc-code' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'flowc-code' }, (args) => {
        const module = program.modules.get(args.path);
        if (!module) return { errors: [{ text: `no generated module ${args.path}` }] };
        return { contents: module.contents, loader: module.loader, resolveDir: module.resolveDir };
      });
    },
  };
}
