import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';
import { duration, enumOf } from '../core/schema.ts';

const LOADERS = { javascript: 'js', typescript: 'ts', json: 'json', yaml: 'yaml' } as const;

/**
 * Runs code on each packet. JavaScript/TypeScript is compiled into the bundle at build time, json/yaml
 * constants and CEL expressions are parsed then; nothing is evaluated from a string at run time.
 */
export default defineKind({
  kind: 'snippet',
  description: 'Transforms each packet with code: a text/json/yaml constant, a CEL expression on `self` or a JavaScript/TypeScript function.',
  schema: Type.Object({
    language: enumOf(['text', 'json', 'yaml', 'javascript', 'typescript', 'cel'], {
      description: 'how `code` is read: a text, json or yaml constant, a CEL expression, or a JavaScript/TypeScript module',
    }),
    code: Type.String({ minLength: 1, description: 'the constant, the CEL expression (`self` is the input), or a module whose default export is the function' }),
    timeout: Type.Optional(duration),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/snippet',
  code(fields) {
    const loader = LOADERS[fields.language as keyof typeof LOADERS];
    return loader ? { field: 'code', loader } : undefined;
  },
  expressions: (fields) => (fields.language === 'cel' && typeof fields.code === 'string' ? [{ path: ['code'], source: fields.code }] : []),
});
