import { decode, encode } from '@jridgewell/sourcemap-codec';
import { describe, expect, it } from 'vitest';
import { oneSourcePerFile } from './source-map.ts';

describe('oneSourcePerFile', () => {
  it('merges the entries of one file, points every segment at the merged entry and gives it the file text once', () => {
    const mappings = encode([
      [
        [0, 0, 4, 2],
        [6, 1, 9, 4],
      ],
      [[0, 2, 0, 0], [3]],
      [[1, 1, 10, 0, 0]],
    ]);
    const map = JSON.stringify({ version: 3, sources: ['/p/a.yaml', '/p/a.yaml', 'runtime.ts'], sourcesContent: [null, null, 'code'], names: ['x'], mappings });
    const merged = JSON.parse(oneSourcePerFile(map, new Map([['/p/a.yaml', 'a: 1\n']]), '/out')) as { sources: string[]; sourcesContent: unknown[]; names: string[]; mappings: string };
    expect(merged.sources).toEqual(['/p/a.yaml', 'runtime.ts']);
    expect(merged.sourcesContent).toEqual(['a: 1\n', 'code']);
    expect(merged.names).toEqual(['x']);
    expect(decode(merged.mappings)).toEqual([
      [
        [0, 0, 4, 2],
        [6, 0, 9, 4],
      ],
      [[0, 1, 0, 0], [3]],
      [[1, 0, 10, 0, 0]],
    ]);
  });

  it('resolves relative sources from the output folder to find their text, and leaves a map without duplicates as it is', () => {
    const map = JSON.stringify({ version: 3, sources: ['../p/a.yaml'], sourcesContent: [null], names: [], mappings: 'AAAA' });
    const out = JSON.parse(oneSourcePerFile(map, new Map([['/p/a.yaml', 'text']]), '/out')) as { sourcesContent: unknown[]; mappings: string };
    expect(out).toMatchObject({ sourcesContent: ['text'], mappings: 'AAAA' });
    const whole = JSON.stringify({ version: 3, sources: ['a.ts'], sourcesContent: ['x'], names: [], mappings: 'AAAA' });
    expect(oneSourcePerFile(whole, new Map(), '/out')).toBe(whole);
  });
});
