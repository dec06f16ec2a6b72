import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';

/** Writes text to a file or a standard stream and answers with the number of bytes written. */
export default defineKind({
  kind: 'print',
  description: 'Prints payloads to stdout, stderr or a file (appending); a list is [format, args…] in Go printf style.',
  schema: Type.Object({
    filename: Type.Optional(Type.String({ description: '`stdout`, `stderr` (or `/dev/stdout`, `/dev/stderr`) or a file to append to; empty: the payload is [filename, format, args…]' })),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/print',
});
