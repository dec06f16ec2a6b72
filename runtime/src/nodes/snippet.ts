import { implement } from '../core/kind.ts';
import { parseDuration } from '../core/duration.ts';
import { FlowError, toError } from '../core/packet.ts';
import { celModuleKey, type CelModule } from '../lang/cel-module.ts';
import definition from '../kinds/snippet.ts';

type SnippetFunction = (input: unknown) => unknown;

/**
 * Runs code on each packet. JavaScript/TypeScript is compiled into the bundle at build time, json/yaml
 * constants and CEL expressions are parsed then; nothing is evaluated from a string at run time.
 */
export default implement(definition, {
  create({ fields, modules, out, }) {
    const output = out('out');
    const error = out('error');
    if (fields.language === 'text' || fields.language === 'json' || fields.language === 'yaml') {
      const constant = fields.language === 'text' ? fields.code : modules.code;
      return { inputs: { in: (_payload, proc) => output.send(constant, proc) } };
    }
    const timeout = fields.timeout === undefined ? 0 : parseDuration(fields.timeout);
    if (fields.language === 'cel') {
      // The engine arrives with the expression's module: bundles without a cel snippet do not carry it.
      const engine = (modules[celModuleKey(['code'])] as CelModule | undefined)?.celProgram;
      if (!engine) throw new Error('no CEL engine for this snippet; the compiler provides one with each cel expression');
      const expression = engine(fields.code, modules, ['code'], { timeout });
      return {
        inputs: {
          in(payload, proc) {
            let result: unknown;
            try {
              result = expression(payload);
            } catch (thrown) {
              return error.send(toError(thrown), proc);
            }
            return output.send(result, proc);
          },
        },
      };
    }
    const fn = entryFunction(modules.code);
    return {
      inputs: {
        in(payload, proc) {
          let result: unknown;
          try {
            result = fn(payload);
          } catch (thrown) {
            return error.send(toError(thrown), proc);
          }
          if (!(result instanceof Promise)) return output.send(result ?? null, proc);
          return withTimeout(result, timeout).then(
            (value) => output.send(value ?? null, proc),
            (thrown: unknown) => error.send(toError(thrown), proc),
          );
        },
      },
    };
  },
});

/** A compiled snippet module exports its function as default (or assigns module.exports). */
function entryFunction(module: unknown): SnippetFunction {
  const candidate = (module as { default?: unknown } | undefined)?.default ?? module;
  if (typeof candidate !== 'function') {
    throw new Error('the snippet code must export a function as default (`export default (input) => …`)');
  }
  return candidate as SnippetFunction;
}

function withTimeout(promise: Promise<unknown>, ms: number): Promise<unknown> {
  if (ms <= 0) return promise;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new FlowError(`snippet timed out after ${ms}ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}
