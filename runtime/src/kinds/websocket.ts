import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';
import { byteSize, duration } from '../core/schema.ts';

/**
 * WebSocket client: `io` connects for the sending process, every server frame goes to `out` as
 * `{type, data}`, and payloads on `in` are written to the server.
 */
export default defineKind({
  kind: 'websocket',
  description: 'WebSocket client: `io` connects (for the sending process), frames from the server go to `out`, payloads on `in` go to the server.',
  schema: Type.Object({
    url: Type.String({ minLength: 1, description: 'ws://, wss:// (or http://, https://) URL; its non-empty parts override the io payload’s host and path' }),
    timeout: Type.Optional({ ...duration, description: 'handshake timeout (default: none)' }),
    maxMessageSize: Type.Optional({ ...byteSize, description: 'largest message accepted from the server (default 16mb)' }),
  }),
  inputs: { io: {}, in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/websocket',
});
