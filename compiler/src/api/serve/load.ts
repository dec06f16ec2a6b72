import { createRequire, SourceMap } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { compileFunction } from 'node:vm';
import { registerFrameMap } from '@flowc/runtime/log/frames';
import type { Program } from '@flowc/runtime/core/program';

/**
 * Evaluates a CommonJS bundle in this process and returns its program. Unlike `import()`, which
 * caches every module for the life of the process, a version loaded this way is garbage once the
 * supervisor drops it, so thousands of swaps do not grow memory.
 *
 * With `map` and source maps enabled in the process (`process.setSourceMapsEnabled(true)`, as `flowc run`
 * does), the map is registered for the error line (`log/frames.ts`), so that a snippet's frame names its
 * line inside the YAML file. Node's own source map support is not used: it keeps every module's map (and
 * `Module._compile` every module) for the life of the process, megabytes per swap.
 */
export function loadProgram(code: string, filename: string, map?: string): Program {
  if (map && process.sourceMapsEnabled) registerFrameMap(filename, withAbsoluteSources(new SourceMap(JSON.parse(map) as ConstructorParameters<typeof SourceMap>[0]), dirname(filename)));
  const module: { exports: { default?: unknown } } = { exports: {} };
  const run = compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename });
  run(module.exports, createRequire(filename), module, filename, dirname(filename));
  const program = module.exports.default;
  if (!program || typeof (program as Program).start !== 'function') throw new Error('the bundle does not export a program');
  return program as Program;
}

/** The bundle's sources are relative to where it would be written: resolved against the file it is evaluated as. */
function withAbsoluteSources(map: SourceMap, dir: string): { findEntry: SourceMap['findEntry'] } {
  return {
    findEntry: (line, column) => {
      const entry = map.findEntry(line, column);
      if (!('originalSource' in entry) || typeof entry.originalSource !== 'string') return entry;
      const source = entry.originalSource.replace(/^file:\/\//, '');
      return { ...entry, originalSource: isAbsolute(source) ? source : resolve(dir, source) };
    },
  };
}
