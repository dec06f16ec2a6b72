import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost } from '@flowc/runtime/core/host';
import type { HostServices } from '@flowc/runtime/core/services';
import { build, BuildFailure, check, context, formatDiagnostics, type BuildContext, type FlowcEventOf, type FlowcEventType } from '../index.ts';

const ping = (answer: string): string => `
- kind: listener
  name: listener
  protocol: http
  port: '{{ .PORT }}'
  ports:
    out: [{ name: router, port: in }]
- kind: router
  name: router
  routes: [{ method: GET, path: /ping, port: 'out[0]' }]
  ports:
    out[0]: [{ name: answer, port: in }]
- kind: snippet
  name: answer
  language: text
  code: ${answer}
`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowc-api-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A real host that also reports the ports its listeners bound (the specs listen on port 0). */
function recordingHost(): { host: HostServices; ports: number[]; close(): Promise<void> } {
  const base = createHost();
  const ports: number[] = [];
  const host: HostServices = {
    ...base,
    log: () => undefined,
    listen: async (options, handler) => {
      const listening = await base.listen(options, handler);
      ports.push(listening.address.port);
      return listening;
    },
  };
  return { host, ports, close: () => base.close() };
}

async function get(port: number, path: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return res.text();
}

function next<T extends FlowcEventType>(ctx: BuildContext, type: T, accept: (event: FlowcEventOf<T>) => boolean = () => true): Promise<FlowcEventOf<T>> {
  return new Promise((resolve) => {
    const off = ctx.on(type, (event) => {
      if (!accept(event)) return;
      off();
      resolve(event);
    });
  });
}

describe('build', () => {
  it('bundles in memory and writes nothing without an outfile', async () => {
    const cwd = project({ 'app.yaml': ping('pong') });
    const result = await build({ cwd, inputs: ['app.yaml'], config: false });
    expect(result.errors).toEqual([]);
    expect(result.outputs).toHaveLength(1);
    const [output] = result.outputs;
    expect(output!.namespace).toBe('default');
    expect(output!.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(output!.code).toContain('"pong"');
    expect(output!.typescript.entry).toContain('program.node({');
    expect(output!.path).toBeUndefined();
    expect(result.files).toContain(join(cwd, 'app.yaml'));
  });

  it('returns spec errors as located diagnostics and keeps the previous output', async () => {
    const cwd = project({ 'app.yaml': ping('pong') });
    const out = join(cwd, 'dist', 'app.mjs');
    const good = await build({ cwd, inputs: ['app.yaml'], outfile: out, config: false });
    expect(good.outputs[0]!.path).toBe(out);
    const before = readFileSync(out, 'utf8');
    writeFileSync(join(cwd, 'app.yaml'), ping('pong').replace('kind: router', 'kind: routr'));
    const bad = await build({ cwd, inputs: ['app.yaml'], outfile: out, config: false });
    expect(bad.outputs).toEqual([]);
    expect(bad.errors.map((d) => [d.code, d.file, d.line, d.node])).toEqual([['UNKNOWN_KIND', 'app.yaml', 8, 'router']]);
    expect(readFileSync(out, 'utf8')).toBe(before);
    await expect(build({ cwd, inputs: ['app.yaml'], config: false, throwOnError: true })).rejects.toSatisfy(
      (error: unknown) => error instanceof BuildFailure && error.diagnostics[0]!.code === 'UNKNOWN_KIND' && error.sources.has('app.yaml'),
    );
  });

  it('checks without emitting and formats diagnostics as text or JSON', async () => {
    const cwd = project({ 'app.yaml': ping('pong').replace('router, port: in }', 'router, port: inn }') });
    const result = await check({ cwd, inputs: ['app.yaml'], config: false });
    expect(result.errors.map((d) => d.code)).toEqual(['UNKNOWN_PORT']);
    expect(result.graph?.nodes.map((n) => n.key)).toEqual(['listener', 'router', 'answer']);
    const text = formatDiagnostics(result.diagnostics, { sources: result.sources });
    expect(text).toContain('app.yaml:7:');
    expect(text).toContain('error UNKNOWN_PORT');
    expect(text).toMatch(/> {1,2}7 \|/);
    expect(JSON.parse(formatDiagnostics(result.diagnostics, { format: 'json' }))).toMatchObject([{ code: 'UNKNOWN_PORT', line: 7 }]);
    expect(existsSync(join(cwd, 'dist'))).toBe(false);
  });
});

describe('context', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('serves from code, hot-swaps every good edit and keeps serving through a bad one', async () => {
    const cwd = project({ 'app.yaml': ping('pong') });
    const { host, ports, close } = recordingHost();
    const ctx = await context({ cwd, inputs: ['app.yaml'], config: false });
    cleanups.push(async () => {
      await ctx.dispose();
      await close();
    });
    const swaps: Array<FlowcEventOf<'swap'>> = [];
    ctx.on('swap', (event) => swaps.push(event));

    const server = await ctx.serve({ host, env: { PORT: '0' } });
    expect(server.hash).toMatch(/^[0-9a-f]{16}$/);
    const port = ports[0]!;
    expect(await get(port, '/ping')).toBe('pong');
    expect(await server.send('answer', 'in', null)).toBe('pong');

    await ctx.watch();
    const swapped = next(ctx, 'swap');
    writeFileSync(join(cwd, 'app.yaml'), ping('pang'));
    const swap = await swapped;
    expect(swap.previous).toBe(swaps[0]!.hash);
    expect(swap.hash).toBe(server.hash);
    expect(swap.timings.startMs).toBeGreaterThanOrEqual(0);
    expect(await get(port, '/ping')).toBe('pang');

    const failed = next(ctx, 'build-end', (event) => event.result.errors.length > 0);
    writeFileSync(join(cwd, 'app.yaml'), ping('pang').replace('kind: snippet', 'kind: snipet'));
    const broken = await failed;
    expect(broken.hash).toBeUndefined();
    expect(broken.result.errors[0]!.code).toBe('UNKNOWN_KIND');
    expect(server.hash).toBe(swap.hash);
    expect(await get(port, '/ping')).toBe('pang');
    expect(ports).toHaveLength(1);
  });

  it('rebuild() reuses the previous build and reports an unchanged program', async () => {
    const cwd = project({ 'app.yaml': ping('pong') });
    const ctx = await context({ cwd, inputs: ['app.yaml'], config: false });
    cleanups.push(() => ctx.dispose());
    const ends: Array<FlowcEventOf<'build-end'>> = [];
    ctx.on('build-end', (event) => ends.push(event));
    const first = await ctx.rebuild();
    const second = await ctx.rebuild();
    expect(second.outputs[0]!.hash).toBe(first.outputs[0]!.hash);
    expect(ends.map((e) => e.unchanged)).toEqual([false, true]);
  });

  it('rejects serve() when the program cannot start', async () => {
    const cwd = project({ 'app.yaml': ping('pong') });
    const { host, ports, close } = recordingHost();
    const ctx = await context({ cwd, inputs: ['app.yaml'], config: false });
    cleanups.push(async () => {
      await ctx.dispose();
      await close();
    });
    // No PORT: the listener's template cannot be rendered, so the program cannot start.
    await expect(ctx.serve({ host, env: {} })).rejects.toThrow(/PORT/);
    expect(ports).toEqual([]);
  });
});
