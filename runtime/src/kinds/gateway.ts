import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';
import { byteSize, duration, enumOf } from '../core/schema.ts';

/**
 * Upgrades the HTTP request of the sending process to a WebSocket (`io`), turns every client frame into
 * `{type, data}` on `out`, and writes what arrives on `in` back to the client.
 */
export default defineKind({
  kind: 'gateway',
  // uniflow renamed the kind; specs written since use the new name.
  aliases: ['upgrader'],
  description: 'Upgrades the HTTP request of the process to a WebSocket: frames from the client go to `out`, payloads on `in` go to the client.',
  schema: Type.Object({
    protocol: enumOf(['websocket'], { description: 'the protocol the request is upgraded to (only `websocket`)' }),
    timeout: Type.Optional({ ...duration, description: 'accepted for uniflow compatibility; the handshake is the request itself' }),
    buffer: Type.Optional(Type.Integer({ minimum: 0, description: 'accepted for uniflow compatibility; buffers grow as needed' })),
    maxMessageSize: Type.Optional({ ...byteSize, description: 'largest message accepted from the client (default 16mb)' }),
  }),
  inputs: { io: {}, in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/gateway',
});
