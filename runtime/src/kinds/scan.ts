import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';
import { enumOf } from '../core/schema.ts';

/** Reads text from stdin or a file: the next line per packet, or everything. */
export default defineKind({
  kind: 'scan',
  description: 'Reads text from stdin or a file: the next line for each packet (`mode: line`), or the whole content (`mode: all`).',
  schema: Type.Object({
    filename: Type.Optional(Type.String({ description: '`stdin`, `/dev/stdin` or a path; empty: the payload names the file' })),
    mode: Type.Optional(
      enumOf(['line', 'all'], { description: '`line` (default): the next line, the position kept between packets; `all`: the whole file (stdin: what is left of it)' }),
    ),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/scan',
});
