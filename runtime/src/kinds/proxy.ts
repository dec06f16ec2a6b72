import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';
import { duration } from '../core/schema.ts';

/**
 * Reverse proxy: forwards the HTTP request payload to the next URL (round-robin from the first), with
 * its headers and body, and answers with the upstream's status and headers and a streamed body.
 */
export default defineKind({
  kind: 'proxy',
  description: 'Reverse proxy: forwards HTTP request payloads round-robin to `urls`; the upstream answer is streamed back unchanged.',
  schema: Type.Object({
    urls: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'upstream base URLs (http:// or https://), used round-robin; their paths and queries are joined with the request’s' }),
    timeout: Type.Optional({ ...duration, description: 'time to wait for the upstream response headers (default: none); exceeded → 504' }),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/proxy',
});
