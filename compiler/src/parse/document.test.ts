import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../diagnostics/diagnostic.ts';
import { parseResources } from './document.ts';

describe('parseResources', () => {
  it('reads a list, a single map, and several --- documents, with positions', () => {
    const d = new Diagnostics();
    const text = '- kind: nop\n  name: a\n---\nkind: nop\nname: b\n';
    const resources = parseResources({ file: 'x.yaml', text }, d);
    expect(resources.map((r) => r.data.name)).toEqual(['a', 'b']);
    expect(resources[0]!.locate(['name'])).toEqual({ file: 'x.yaml', line: 2, column: 9 });
    expect(resources[1]!.locateKey(['name'])).toEqual({ file: 'x.yaml', line: 5, column: 1 });
    expect(d.list).toEqual([]);
  });

  it('resolves anchors and aliases', () => {
    const d = new Diagnostics();
    const text = '- kind: snippet\n  name: a\n  language: text\n  code: &shared hello\n- kind: snippet\n  name: b\n  language: text\n  code: *shared\n';
    const resources = parseResources({ file: 'x.yaml', text }, d);
    expect(resources.map((r) => r.data.code)).toEqual(['hello', 'hello']);
  });

  it('reads JSON', () => {
    const d = new Diagnostics();
    const resources = parseResources({ file: 'x.json', text: '[{"kind":"nop","name":"a"}]' }, d);
    expect(resources[0]!.data).toEqual({ kind: 'nop', name: 'a' });
  });

  it('maps positions inside block scalars onto the file', () => {
    const text = '- kind: snippet\n  code: |\n    line one\n      line two\n';
    const [r] = parseResources({ file: 'x.yaml', text }, new Diagnostics());
    expect(r!.locateInString(['code'], 2, 3)).toEqual({ file: 'x.yaml', line: 4, column: 7 });
  });

  it('property: any spec-like data survives YAML and JSON round trips, and every key can be located', () => {
    const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    const spec = fc.record({
      kind: fc.stringMatching(/^[a-z]{1,8}$/),
      name: fc.string({ minLength: 1 }),
      fields: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }))),
    });
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 4 }), (specs) => {
        const data = specs.map((s) => ({ ...s.fields, kind: s.kind, name: s.name }));
        for (const text of [stringify(data), JSON.stringify(data)]) {
          const d = new Diagnostics();
          const resources = parseResources({ file: 'f', text }, d);
          expect(d.list).toEqual([]);
          expect(resources.map((r) => r.data)).toEqual(data);
          for (const r of resources) for (const key of Object.keys(r.data)) expect(r.locateKey([key]).line).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('fuzz: arbitrary text never throws; problems become diagnostics', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const d = new Diagnostics();
        parseResources({ file: 'f', text }, d);
        for (const diag of d.list) expect(['YAML_SYNTAX', 'INVALID_SPEC']).toContain(diag.code);
      }),
      { numRuns: 500 },
    );
  });
});
