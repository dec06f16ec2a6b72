import { Type } from '@sinclair/typebox';
import { DURATION_PATTERN } from '../core/duration.ts';
import { defineKind } from '../core/kind.ts';

/** Durations made only of zeros ("0", "0s", "0.0ms", "0h0m"): the interval must be positive. */
const ZERO_DURATION = '^(?:[0.]+(?:ns|us|\\u00b5s|\\u03bcs|ms|h|m|s)?)+$';

/** Waits `interval`, then sends the input on. Packets of one process wait their turn. */
export default defineKind({
  kind: 'sleep',
  description: 'Delays each packet by `interval`, then sends it to `out`; later packets of the same process wait their turn.',
  schema: Type.Object({
    interval: Type.Union(
      [Type.Number({ exclusiveMinimum: 0 }), Type.String({ pattern: DURATION_PATTERN, not: { pattern: ZERO_DURATION } })],
      { description: 'how long to wait (> 0): milliseconds, or Go syntax such as 250ms, 1.5s' },
    ),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/sleep',
});
