import { Type } from '@sinclair/typebox';
import { DURATION_PATTERN } from '../core/duration.ts';
import { defineKind } from '../core/kind.ts';

/** Waits `interval`, then sends the input on. Packets of one process wait their turn. */
export default defineKind({
  kind: 'sleep',
  description: 'Delays each packet by `interval`, then sends it to `out`; later packets of the same process wait their turn.',
  schema: Type.Object({
    interval: Type.Union(
      [Type.Number({ minimum: 0 }), Type.String({ pattern: DURATION_PATTERN })],
      { description: 'how long to wait: milliseconds, or Go syntax such as 250ms, 1.5s; 0 passes packets on at once, in order' },
    ),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/sleep',
});
