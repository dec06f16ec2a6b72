import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryProblem, valuesFromData, ValuesFileError } from './values-file.ts';
import { readValuesFile } from './values-yaml.ts';

describe('the shape of a values file', () => {
  it('takes a list of entries or one entry', () => {
    expect(valuesFromData([{ name: 'db', data: { password: 'x' } }, { id: 'v1', namespace: 'billing', data: 1 }], 'v.yaml')).toHaveLength(2);
    expect(valuesFromData({ name: 'db', data: 'x' }, 'v.yaml')).toEqual([{ name: 'db', data: 'x' }]);
    expect(valuesFromData(null, 'v.yaml')).toEqual([]);
  });

  it('says what is wrong with a map of names to data, and shows the entry form', () => {
    expect(entryProblem({ DB_PASSWORD: 'hunter2', TOKEN: 't' })).toBe(
      'a values file is a list of entries with `name` and `data`, but this is a map of `DB_PASSWORD`, `TOKEN`; write each as an entry\n  - name: DB_PASSWORD\n    data: …',
    );
  });

  it('names the entry and the key, never the data', () => {
    const cases: Array<[unknown, string]> = [
      [['secret-text'], 'entry 1: an entry is a map with `name` and `data`, not a string'],
      [[{ name: 'a', data: 1 }, { name: 'b' }], 'entry 2: the entry `b` has no `data`'],
      [[{ data: 'secret-text' }], 'entry 1: the entry has neither `name` nor `id`: specs bind a value by its name (or id)'],
      [[{ name: 'a', data: 1, secret: 'secret-text' }], 'entry 1: unknown key `secret`: an entry has `name` (or `id`), `data` and optionally `namespace`'],
      [[{ name: 3, data: 1 }], 'entry 1: `name` must be a non-empty string'],
    ];
    for (const [data, problem] of cases) {
      const error = (() => {
        try {
          valuesFromData(data, 'v.yaml');
        } catch (e) {
          return e as ValuesFileError;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ValuesFileError);
      expect(error!.message).toBe(`v.yaml: ${problem}`);
      expect(error!.message).not.toContain('secret-text');
    }
  });

  it('reads YAML and JSON files; a syntax error gives the position, not the text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'values-'));
    writeFileSync(join(dir, 'v.yaml'), '- name: db\n  data:\n    password: hunter2\n');
    writeFileSync(join(dir, 'v.json'), '[{"name": "db", "data": 1}]');
    writeFileSync(join(dir, 'bad.yaml'), '- name: db\n  data: "hunter2\n');
    expect(readValuesFile(join(dir, 'v.yaml'))).toEqual([{ name: 'db', data: { password: 'hunter2' } }]);
    expect(readValuesFile(join(dir, 'v.json'))).toEqual([{ name: 'db', data: 1 }]);
    expect(() => readValuesFile(join(dir, 'bad.yaml'))).toThrow(/bad\.yaml: not valid YAML or JSON at line \d+, column \d+$/);
    expect(() => readValuesFile(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: cannot read it \(ENOENT\)/);
  });
});
