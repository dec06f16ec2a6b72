import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';
import { duration } from '../core/schema.ts';

/**
 * HTTP client (platform fetch): sends the payload's method, path, query, headers and body to `url` and
 * answers with the response as an HTTP payload. Non-2xx answers are ordinary outputs; only transport
 * failures, timeouts and bodies that cannot be encoded or decoded go to `error`.
 */
export default defineKind({
  kind: 'http',
  description: 'HTTP client: sends the HTTP payload (method, path, query, header, body) to `url`; answers with status, header and decoded body.',
  schema: Type.Object({
    url: Type.String({ minLength: 1, description: 'base URL: its scheme and host are used, its path and query are joined with the payload’s' }),
    timeout: Type.Optional({ ...duration, description: 'limit for the whole exchange (default: none)' }),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/http',
});
