import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileSources } from '../../compile.ts';
import { openStore } from '@flowc/runtime/store/open';
import { readStoreSources } from './sources.ts';

const ping = parse(readFileSync(new URL('../../../../examples/ping.yaml', import.meta.url), 'utf8')) as Array<Record<string, unknown>>;

describe('readStoreSources', () => {
  it('serialises a namespace as source files the compiler builds, with value data kept apart', async () => {
    const store = openStore(`mem://sources-${randomBytes(4).toString('hex')}`);
    await store.apply('specs', ping, { namespace: 'web' });
    await store.apply('specs', [{ kind: 'nop', name: 'elsewhere' }]);
    await store.apply('values', [{ name: 'secret', data: { token: 't0k3n' } }], { namespace: 'web' });
    const { files, values } = await readStoreSources(store, 'web');
    expect(files.map((f) => [f.file, f.type])).toEqual([
      ['store:specs/web/listener.yaml', 'spec'],
      ['store:specs/web/pong.yaml', 'spec'],
      ['store:specs/web/router.yaml', 'spec'],
      ['store:values/web/secret.yaml', 'value'],
    ]);
    expect(files.map((f) => f.text).join('')).not.toContain('t0k3n');
    expect(values).toEqual([{ id: expect.any(String), namespace: 'web', name: 'secret', data: { token: 't0k3n' } }]);
    const result = compileSources(files, { namespace: 'web', checkValues: true });
    expect(result.diagnostics).toEqual([]);
    expect(result.program?.namespace).toBe('web');
  });

  it('diagnostics point into the store file of the spec', async () => {
    const store = openStore('mem://');
    await store.apply('specs', [{ kind: 'snippet', name: 'bad', language: 'text' }]);
    const { files } = await readStoreSources(store, 'default');
    const result = compileSources(files, { namespace: 'default' });
    expect(result.diagnostics).toMatchObject([{ code: 'MISSING_FIELD', file: 'store:specs/default/bad.yaml', line: expect.any(Number) }]);
  });
});
