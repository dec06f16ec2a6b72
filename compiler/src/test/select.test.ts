import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../compile.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('test nodes in builds', () => {
  it('a production build leaves out test nodes and what only they reach; the workflow stays', () => {
    const { program, diagnostics } = compile({ inputs: ['tests/e2e/flowc-test/uniflow/ping.yaml'], cwd: ROOT });
    expect(diagnostics).toEqual([]);
    for (const name of ['test_router', 'pipe_router', 'mock_http']) expect(program!.entry).not.toContain(`\`${name}\``);
    for (const name of ['listener', 'router', 'pong']) expect(program!.entry).toContain(`\`${name}\``);
    expect(program!.entry).not.toMatch(/nodes\/(test|assert)/);
  });

  it('a test build keeps them, and puts mocks in place of the nodes named, with their wiring', () => {
    const { program } = compile({ inputs: ['tests/e2e/flowc-test/uniflow/ping.yaml'], cwd: ROOT, test: { mocks: ['pong'] } });
    expect(program!.entry).toContain('// test `test_router`');
    expect(program!.entry).toContain('// mock `pong`');
    expect(program!.entry).toContain('@flowc/runtime/nodes/mock');
    expect(program!.entry).toMatch(/program\.connect\(n_router\.output\("out\[0\]"\), n_pong\.input\("in"\)\)/);
  });
});
