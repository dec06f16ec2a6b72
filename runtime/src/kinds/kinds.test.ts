import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { METHODS } from 'node:http';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HTTP_METHODS } from '../core/http-methods.ts';
import type { Kind, KindDefinition } from '../core/kind.ts';
import { builtinKinds, chartKind } from './index.ts';

const definitions: readonly KindDefinition<never>[] = [...builtinKinds, chartKind as KindDefinition<never>];

/** A spec's kind fields each definition must accept, and some it must refuse. */
const SAMPLES: Record<string, { valid: unknown; invalid: unknown }> = {
  block: { valid: { specs: [{ kind: 'nop' }], inbounds: { in: [{ name: 'a', port: 'in' }] } }, invalid: { specs: [], outbounds: { out: [{ name: 'a' }] } } },
  cache: { valid: { capacity: 10, interval: '1s' }, invalid: { capacity: -1, interval: '1 sec' } },
  chart: { valid: { anything: 1 }, invalid: 'not a map' },
  for: { valid: {}, invalid: [] },
  fork: { valid: {}, invalid: [] },
  gateway: { valid: { protocol: 'websocket', maxMessageSize: '1mb', timeout: 5 }, invalid: { protocol: 'ws', buffer: -1 } },
  http: { valid: { url: 'http://example.test', timeout: '2s' }, invalid: { url: '' } },
  if: { valid: { when: 'self > 1', timeout: 10 }, invalid: { timeout: '1 sec' } },
  listener: { valid: { protocol: 'http', port: 8080, maxBodySize: '1mb', headerTimeout: '10s' }, invalid: { protocol: 'https', port: 70000, maxBodySize: '1 tb' } },
  merge: { valid: {}, invalid: [] },
  nop: { valid: {}, invalid: [] },
  pipe: { valid: {}, invalid: [] },
  print: { valid: { filename: 'stdout' }, invalid: { filename: 1 } },
  proxy: { valid: { urls: ['http://a.test'], timeout: '1s' }, invalid: { urls: [] } },
  reduce: { valid: { action: 'self[0] + self[1]', init: 0 }, invalid: { action: '' } },
  retry: { valid: { threshold: 2 }, invalid: { threshold: 1.5 } },
  router: { valid: { routes: [{ method: 'GET', path: '/users/:id', port: 'out[1]' }] }, invalid: { routes: [{ method: 'FETCH', path: '/', port: 'error' }] } },
  scan: { valid: { filename: 'stdin', mode: 'all' }, invalid: { mode: 'lines' } },
  session: { valid: {}, invalid: [] },
  signal: { valid: { topic: 'specs', namespace: 'ns', store: 'mem://x' }, invalid: { topic: 'spec', namespace: '' } },
  sleep: { valid: { interval: '250ms' }, invalid: { interval: '-1s' } },
  snippet: { valid: { language: 'cel', code: 'self', timeout: 100 }, invalid: { language: 'python', code: '' } },
  split: { valid: {}, invalid: [] },
  sql: { valid: { driver: 'sqlite', source: ':memory:', isolation: 2 }, invalid: { driver: 'mysql', source: 'x', isolation: 8 } },
  step: { valid: { specs: [{ kind: 'nop' }, { kind: 'print', name: 'p' }] }, invalid: { specs: [{ name: 'x' }] } },
  switch: { valid: { matches: [{ when: 'true', port: 'out' }] }, invalid: { matches: [{ when: 'true', port: 'error' }] } },
  syscall: { valid: { opcode: 'specs.read' }, invalid: { opcode: 'specs.list' } },
  test: { valid: {}, invalid: [] },
  assert: { valid: { expect: 'self == 1', target: { name: 'a', port: 'out' } }, invalid: { expect: '', target: { port: 'out' } } },
  throw: { valid: { message: 'boom' }, invalid: { message: '' } },
  try: { valid: {}, invalid: [] },
  websocket: { valid: { url: 'ws://a.test', timeout: 100, maxMessageSize: 1024 }, invalid: { url: 1 } },
};

/** What ajv reports, without the parts that name the schema object itself. */
function verdict(validate: ReturnType<Ajv['compile']>, data: unknown) {
  const valid = validate(data);
  return { valid, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.schemaPath} ${e.keyword} ${e.message ?? ''}`) };
}

describe('built-in kind definitions', () => {
  it('cover every kind once, chart included', () => {
    const names = definitions.map((d) => d.kind);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  describe.each(definitions.map((d) => [d.kind, d] as const))('%s', (kind, definition) => {
    it('names its implementation module', () => {
      expect(definition.implementation).toBe(`@flowc/runtime/nodes/${kind}`);
    });

    it('has a schema ajv compiles, which means the same once serialised as JSON', () => {
      const ajv = new Ajv({ strict: false, allErrors: true });
      const validate = ajv.compile(definition.schema);
      const copy: unknown = JSON.parse(JSON.stringify(definition.schema));
      const validateCopy = ajv.compile(copy as object);
      const { valid, invalid } = SAMPLES[kind]!;
      expect(verdict(validate, valid)).toEqual({ valid: true, errors: [] });
      const refused = verdict(validate, invalid);
      expect(refused.valid).toBe(false);
      expect(verdict(validateCopy, valid)).toEqual(verdict(validate, valid));
      expect(verdict(validateCopy, invalid)).toEqual(refused);
    });

    it('gives every field a description', () => {
      const properties = (definition.schema.properties ?? {}) as Record<string, { description?: unknown }>;
      for (const [field, schema] of Object.entries(properties)) expect(schema.description, `${kind}.${field}`).toEqual(expect.any(String));
    });

    it('is implemented by the default export of that module', async () => {
      const module = (await import(definition.implementation)) as { default: Kind<never> };
      expect(module.default.kind).toBe(kind);
      expect(typeof module.default.create).toBe('function');
      // The implementation carries the very same definition, not a copy that could drift.
      expect(module.default.schema).toBe(definition.schema);
      expect(module.default.implementation).toBe(definition.implementation);
    });
  });

  it('load nothing but TypeBox and small pure modules', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const root = join(here, '..');
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      // Type-only imports are erased: they load nothing.
      for (const [, typeOnly, specifier] of source.matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)) {
        if (typeOnly) continue;
        if (specifier!.startsWith('.')) visit(join(dirname(file), specifier!));
        else packages.add(specifier!);
      }
    };
    visit(join(here, 'index.ts'));
    expect([...packages]).toEqual(['@sinclair/typebox']);
    const loaded = [...seen].map((file) => relative(root, file));
    expect(loaded.filter((file) => /^(http|sql|ws|lang|nodes|io)\//.test(file) || file === 'core/host.ts')).toEqual([]);
  });

  it("name the router's methods as node:http knows them", () => {
    expect([...HTTP_METHODS]).toEqual(METHODS);
  });
});
