import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { compileFunction } from 'node:vm';
import type { Program } from '@flowc/runtime/core/program';

/**
 * Evaluates a CommonJS bundle in this process and returns its program. Unlike `import()`, which
 * caches every module for the life of the process, a version loaded this way is garbage once the
 * supervisor drops it, so thousands of swaps do not grow memory.
 *
 * With `map` and source maps enabled in the process (`process.setSourceMapsEnabled(true)`, as `flowc run`
 * does), the bundle is compiled as a module of its own with the map inline, so that Node maps its stack
 * frames: a snippet's frame names its line inside the YAML file. The module is not put in `require.cache`
 * and Node keeps its map only as long as the module lives.
 */
export function loadProgram(code: string, filename: string, map?: string): Program {
  const mapped = map && process.sourceMapsEnabled ? evaluateMapped(code, filename, map) : undefined;
  const exports = mapped ? mapped.exports : evaluate(code, filename);
  const program = exports.default;
  if (!program || typeof (program as Program).start !== 'function') throw new Error('the bundle does not export a program');
  // Node keeps a module's map while the module lives (a weak map): the program keeps its module alive.
  if (mapped) modules.set(program, mapped);
  return program as Program;
}

const modules = new WeakMap<object, Compilable>();

function evaluate(code: string, filename: string): { default?: unknown } {
  const module: { exports: { default?: unknown } } = { exports: {} };
  const run = compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename });
  run(module.exports, createRequire(filename), module, filename, dirname(filename));
  return module.exports;
}

/** Node's own CommonJS compile, which reads the `sourceMappingURL` of what it compiles. */
interface Compilable {
  filename: string;
  paths: string[];
  exports: { default?: unknown };
  _compile(code: string, filename: string): void;
}

function evaluateMapped(code: string, filename: string, map: string): Compilable {
  const internals = Module as unknown as { new (id: string): Compilable; _nodeModulePaths(dir: string): string[] };
  const module = new internals(filename);
  module.filename = filename;
  module.paths = internals._nodeModulePaths(dirname(filename));
  module._compile(`${code}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString('base64')}\n`, filename);
  return module;
}
