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
export async function bundleProgram(program: EmittedProgram, outfile: string): Promise<Bundle> {
  const result = await build({
    stdin: { contents: program.entry, loader: 'ts', sourcefile: 'program.ts', resolveDir: runtimeRoot },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'silent',
    // Bundled CommonJS dependencies may call require() for Node built-ins.
    banner: { js: "import { createRequire as __flowcRequire } from 'node:module'; const require = __flowcRequire(import.meta.url);" },
    plugins: [programModules(program)],
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.mjs') || f.path.endsWith('.js') || !f.path.endsWith('.map'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
  if (!code || !map) throw new Error('esbuild produced no output');
  return { code: code.text, map: map.text };
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
