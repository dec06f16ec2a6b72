import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { globSync } from 'tinyglobby';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { schema } from '../api/schema.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function documents(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as unknown);
}

async function validator(cwd: string, config?: false): Promise<(data: unknown) => boolean> {
  const result = await schema({ cwd, ...(config === false ? { config } : {}) });
  expect(result.errors).toEqual([]);
  return new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(result.schema);
}

describe('flowc schema', () => {
  it('is a JSON Schema 2020-12 that accepts every example', async () => {
    const validate = await validator(ROOT, false);
    const files = globSync(['examples/*.yaml', 'examples/charts/*.yaml'], { cwd: ROOT, absolute: true, ignore: ['**/*.test.yaml'] });
    expect(files.length).toBeGreaterThan(8);
    for (const file of files) for (const doc of documents(file)) expect(validate(doc), `${file}: ${JSON.stringify((validate as { errors?: unknown }).errors)}`).toBe(true);
  });

  it("includes the config's user kinds: examples/kinds validates with its greet kind, a wrong greet does not", async () => {
    const cwd = join(ROOT, 'examples/kinds');
    const result = await schema({ cwd });
    expect(((result.schema.$defs as Record<string, Record<string, unknown>>).kinds)!.greet).toMatchObject({ description: expect.any(String) });
    const validate = new Ajv2020({ strict: true, strictRequired: false }).compile(result.schema);
    for (const doc of documents(join(cwd, 'app.yaml'))) expect(validate(doc)).toBe(true);
    expect(validate([{ kind: 'greet', name: 'g', greeting: 'hi', style: 'shouty' }])).toBe(false);
  });

  it('rejects wrong specs of known kinds', async () => {
    const validate = await validator(ROOT, false);
    const wrong = ['FIELD_TYPE', 'FIELD_VALUE', 'MISSING_FIELD', 'UNKNOWN_PORT', 'UNKNOWN_FIELD', 'INVALID_SPEC', 'INVALID_CHART'];
    for (const code of wrong) {
      const [doc] = documents(join(ROOT, 'tests/diagnostics/fixtures', `${code}.yaml`));
      expect(validate(doc), code).toBe(false);
    }
  });

  it('accepts a template wherever flowc does, and gives each field its description, default and enum', async () => {
    const result = await schema({ cwd: ROOT, config: false });
    const validate = new Ajv2020({ strict: true, strictRequired: false }).compile(result.schema);
    expect(validate({ kind: 'listener', name: 'l', protocol: 'http', port: '{{ .PORT }}' })).toBe(true);
    expect(validate({ kind: 'listener', name: 'l', protocol: 'http', port: 'eighty' })).toBe(false);
    const snippet = (result.schema.$defs as { kinds: Record<string, { properties: Record<string, Record<string, unknown>> }> }).kinds.snippet!;
    expect(snippet.properties.language).toMatchObject({ description: expect.stringContaining('how `code` is read') });
    expect(JSON.stringify(snippet.properties.language)).toContain('"enum":["text","json","yaml","javascript","typescript","cel"]');
  });
});
