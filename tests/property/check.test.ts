import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { compileSources } from '../../compiler/src/compile.ts';
import { ROOT } from '../support/flowc.ts';

/** The smaller examples: each compile stays fast enough for many runs. */
const EXAMPLES = ['ping.yaml', 'helloworld.yaml', 'httpproxy.yaml', 'wsproxy.yaml', 'charts/charts.yaml'].map((f) => ({
  file: `examples/${f}`,
  text: readFileSync(join(ROOT, 'examples', f), 'utf8'),
}));

/** `check` on one text: it must answer with diagnostics, never throw, and never fail internally. */
function checkNeverFails(file: string, text: string): void {
  const result = compileSources([{ file, text }], { cwd: ROOT, emit: false });
  expect(Array.isArray(result.diagnostics)).toBe(true);
  const internal = result.diagnostics.filter((d) => d.code === 'INTERNAL');
  expect(internal, JSON.stringify(internal)).toEqual([]);
  for (const d of result.diagnostics) expect(d.message.length).toBeGreaterThan(0);
}

/** Pieces of text that YAML, CEL, templates and the kinds treat specially. */
const HOSTILE = ['*a', '&a ', '[', '{', '"', "'", '|', '>', ':', '- ', '\t', '\uFEFF', '{{', '}}', '{{ .X ', '__proto__: ', 'constructor: ', '.inf', '.nan', '99999999999999999999999', 'in[99999999999]', 'out[7]', '\\xZZ', '((((((((', '/*/', '\n', '  ', '---\n', '!!binary ', '? '];

type TextEdit = { kind: 'insert'; at: number; piece: string } | { kind: 'delete'; at: number; length: number } | { kind: 'line'; at: number; twice: boolean };

const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 4 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('line' as const), at: fc.nat(), twice: fc.boolean() }),
);

function applyTextEdit(text: string, e: TextEdit): string {
  if (e.kind === 'insert') {
    const at = e.at % (text.length + 1);
    return text.slice(0, at) + e.piece + text.slice(at);
  }
  if (e.kind === 'delete') {
    const at = e.at % (text.length + 1);
    return text.slice(0, at) + text.slice(at + e.length);
  }
  // Drop a line, or repeat it (a duplicate key, node or port).
  const lines = text.split('\n');
  const i = e.at % lines.length;
  return [...lines.slice(0, i), ...(e.twice ? [lines[i]!, lines[i]!] : []), ...lines.slice(i + 1)].join('\n');
}

/** Values that a spec field could be given instead of what it holds. */
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, 0, -1, 2 ** 53, 1e308, '', '{{ .PORT }}', '{{ .PORT', 'self.a >=', 'out[3]', 'in[1]', 'x'.repeat(300)),
    fc.string({ maxLength: 10 }),
    fc.integer(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'kind', 'name', 'port', 'in', 'out', 'code', 'x'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Replaces the value at a random path of the data (every map and list on the way counts). */
function replaceAt(data: unknown, choice: number, value: unknown): unknown {
  const paths: Array<Array<string | number>> = [];
  const walk = (v: unknown, path: Array<string | number>): void => {
    paths.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(data, []);
  const path = paths[choice % paths.length]!;
  const set = (v: unknown, i: number): unknown => {
    if (i === path.length) return value;
    const key = path[i]!;
    if (Array.isArray(v)) return v.map((x, j) => (j === key ? set(x, i + 1) : x));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) Object.defineProperty(out, k, { value: k === key ? set(x, i + 1) : x, enumerable: true, writable: true, configurable: true });
    return out;
  };
  return set(data, 0);
}

describe('property: check never fails on a mutated example', () => {
  it('text edits: inserted YAML/CEL/template syntax, deleted spans, dropped and repeated lines', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EXAMPLES), fc.array(textEdit, { minLength: 1, maxLength: 4 }), (example, edits) => {
        checkNeverFails(example.file, edits.reduce(applyTextEdit, example.text));
      }),
      { numRuns: 100, seed: 15 },
    );
  }, 180_000);

  it('data edits: a value anywhere replaced by another shape, written back as YAML and as JSON', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EXAMPLES), fc.nat(), hostileValue, fc.boolean(), (example, choice, value, json) => {
        const mutated = replaceAt(parse(example.text), choice, value);
        const file = example.file.replace(/\.yaml$/, json ? '.json' : '.yaml');
        checkNeverFails(file, json ? JSON.stringify(mutated) : stringify(mutated));
      }),
      { numRuns: 100, seed: 15 },
    );
  }, 180_000);
});
