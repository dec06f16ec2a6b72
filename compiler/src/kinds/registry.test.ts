import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../diagnostics/diagnostic.ts';
import { BUILTIN_MODULE, registerKinds, type KindModule } from './registry.ts';

const kind = (name: string, extra: Record<string, unknown> = {}) => ({
  kind: name,
  description: 'a test kind',
  schema: Type.Object({}),
  inputs: { in: {} },
  outputs: { out: {} },
  implementation: './impl.ts',
  ...extra,
});

const module = (exports: Record<string, unknown>): KindModule => ({ specifier: './kinds.ts', file: '/project/kinds.ts', exports });

describe('registerKinds', () => {
  it('registers a kind under each of its aliases, as one entry', () => {
    const diagnostics = new Diagnostics();
    const table = registerKinds([module({ default: kind('renamed', { aliases: ['old-name'] }) })], diagnostics);
    expect(diagnostics.list).toEqual([]);
    expect(table.get('old-name')).toBe(table.get('renamed'));
  });

  it('knows `upgrader`, uniflow’s current name of `gateway`', () => {
    const table = registerKinds([BUILTIN_MODULE], new Diagnostics());
    expect(table.get('upgrader')?.definition.kind).toBe('gateway');
  });

  it('refuses an alias another kind already has as its name', () => {
    const diagnostics = new Diagnostics();
    const table = registerKinds([BUILTIN_MODULE, module({ default: kind('mine', { aliases: ['upgrader'] }) })], diagnostics);
    expect(diagnostics.list.map((d) => [d.code, d.message])).toEqual([['KIND_NAME_CLASH', '`./kinds.ts` defines kind `upgrader`, which `@flowc/runtime/kinds` already defines']]);
    expect(table.has('mine')).toBe(false);
  });

  it('refuses aliases that are not kind names', () => {
    const diagnostics = new Diagnostics();
    registerKinds([module({ default: kind('mine', { aliases: ['Not A Name'] }) })], diagnostics);
    expect(diagnostics.list[0]).toMatchObject({ code: 'KIND_INVALID' });
    expect(diagnostics.list[0]!.message).toContain('`aliases` must be a list of other kind names');
  });
});
