import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { compileFunction } from 'node:vm';
import type { Program } from '@flowc/runtime/core/program';

/**
 * Evaluates a CommonJS bundle in this process and returns its program. Unlike `import()`, which
 * caches every module for the life of the process, a version loaded this way is garbage once the
 * supervisor drops it, so thousands of swaps do not grow memory.
 */
export function loadProgram(code: string, filename: string): Program {
  const module: { exports: { default?: unknown } } = { exports: {} };
  const run = compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename });
  run(module.exports, createRequire(filename), module, filename, dirname(filename));
  const program = module.exports.default;
  if (!program || typeof (program as Program).start !== 'function') throw new Error('the bundle does not export a program');
  return program as Program;
}
