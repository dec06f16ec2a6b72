import { describe, expect, it } from 'vitest';
import { errorDetail } from './error-line.ts';
import { registerFrameMap } from './frames.ts';

describe('frames of versions evaluated in this process', () => {
  it('are mapped through the registered map to the YAML line, when Node did not map them', () => {
    const file = `/srv/flowc-frames-test-${process.pid}.cjs`;
    // Generated line 40 (0-based 39) came from the snippet at orders.yaml:14:33; other lines from the runtime.
    registerFrameMap(file, {
      findEntry: (line, column) => (line === 39 ? { originalSource: '/srv/flows/orders.yaml', originalLine: 13, originalColumn: column - 4 } : { originalSource: '/srv/runtime/src/core/port.ts', originalLine: 1, originalColumn: 0 }),
    });
    const error = new TypeError('boom');
    error.stack = `TypeError: boom\n    at OutPort.send (${file}:90:44)\n    at total (${file}:40:37)\n    at dispatch (${file}:12:5)`;
    expect(errorDetail(error).at).toBe('/srv/flows/orders.yaml:14:33');
    const unmapped = new Error('elsewhere');
    unmapped.stack = 'Error: elsewhere\n    at x (/srv/other.cjs:40:37)';
    expect(errorDetail(unmapped).at).toBeUndefined();
  });
});
