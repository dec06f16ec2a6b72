import { Type } from '@sinclair/typebox';
import { HTTP_METHODS } from '../core/http-methods.ts';
import { defineKind } from '../core/kind.ts';
import { enumOf } from '../core/schema.ts';

/** Routes HTTP payloads by method and path: static beats parameter beats catch-all. */
export default defineKind({
  kind: 'router',
  description: 'Routes HTTP request payloads to out[N] by method and path; answers 404, 405 and OPTIONS itself.',
  schema: Type.Object({
    routes: Type.Array(
      Type.Object({
        method: enumOf(HTTP_METHODS, { description: 'the request method this route answers' }),
        path: Type.String({ description: 'path pattern: `/users/:id` (a parameter), `*` (catch-all), `\\:` for a literal colon' }),
        port: Type.String({ pattern: '^out(\\[\\d+\\])?$', description: 'where matching requests go: `out` or `out[N]`' }),
      }),
      { description: 'the routes; a static segment beats a parameter, which beats a catch-all' },
    ),
  }),
  inputs: { in: {} },
  outputs: { out: { indexed: true }, error: {} },
  implementation: '@flowc/runtime/nodes/router',
});
