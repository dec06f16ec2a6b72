import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';
import { byteSize, duration, enumOf } from '../core/schema.ts';

/** Serves HTTP: each request becomes a root process whose answer is written back as the response. */
export default defineKind({
  kind: 'listener',
  description: 'Listens for HTTP(S) requests; sends each request payload to `out` and writes the answer back.',
  schema: Type.Object({
    protocol: enumOf(['http'], { description: 'only `http`; with `cert` and `key` it serves HTTPS' }),
    host: Type.Optional(Type.String({ description: 'address to listen on (default: every interface)' })),
    port: Type.Integer({ minimum: 0, maximum: 65535, description: 'TCP port to listen on; 0 picks a free one' }),
    cert: Type.Optional(Type.String({ description: 'PEM certificate chain; with `key`, serve HTTPS' })),
    key: Type.Optional(Type.String({ description: 'PEM private key; with `cert`, serve HTTPS' })),
    tls: Type.Optional(
      Type.Object(
        {
          cert: Type.String({ minLength: 1, description: 'PEM certificate chain, or base64 of it' }),
          key: Type.String({ minLength: 1, description: 'PEM private key, or base64 of it' }),
        },
        { description: 'serve HTTPS with this certificate and key (uniflow’s form; the same as `cert` and `key`)' },
      ),
    ),
    maxBodySize: Type.Optional({ ...byteSize, description: 'largest request body accepted (default 1mb); larger → 413' }),
    headerTimeout: Type.Optional({ ...duration, description: 'time to receive the request headers (default 10s); slower → 408 and closed' }),
    requestTimeout: Type.Optional({ ...duration, description: 'time to receive the whole request (default 60s)' }),
    idleTimeout: Type.Optional({ ...duration, description: 'keep-alive idle time between requests (default 5s)' }),
    maxRequestsPerConnection: Type.Optional(Type.Integer({ minimum: 0, description: 'requests per connection before it is closed (default 0 = no limit)' })),
    deadline: Type.Optional({ ...duration, description: 'time the flow has to answer a request (default: none); past it the work is aborted → 504' }),
  }),
  inputs: {},
  outputs: { out: {}, error: {} },
  check: (fields) =>
    fields.tls !== undefined && (fields.cert !== undefined || fields.key !== undefined)
      ? [{ path: ['tls'], message: '`tls` and `cert`/`key` both give the certificate', hint: 'keep one of them: `tls: { cert, key }` or `cert` and `key`' }]
      : [],
  listens: ({ host, port }) =>
    typeof port === 'number' && port > 0 && !(typeof host === 'string' && host.includes('{{')) ? { host: typeof host === 'string' ? host : undefined, port } : undefined,
  implementation: '@flowc/runtime/nodes/listener',
});
