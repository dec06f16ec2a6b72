import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { describe, expect, it } from 'vitest';
import { http, ROOT, start, tempDir } from '../support/flowc.ts';

const spec = (answer: string): string => `
- kind: listener
  name: http
  protocol: http
  host: 127.0.0.1
  port: '{{ .PORT }}'
  ports:
    out:
      - name: routes
        port: in
- kind: router
  name: routes
  routes:
    - { method: GET, path: /ping, port: 'out[0]' }
  ports:
    out[0]:
      - name: answer
        port: in
- kind: snippet
  name: answer
  language: text
  code: ${answer}
`;

const SWAPS = Number(process.env.FLOWC_TEST_SWAPS ?? 100);

describe('flowc watch --run: hot swap under load', () => {
  it(`${SWAPS} swaps under 64 connections: no failed or reset request, every answer a valid version; a broken edit changes nothing`, async () => {
    const dir = tempDir();
    const file = join(dir, 'app.yaml');
    writeFileSync(file, spec('pong-a'));
    const watcher = await start(join(ROOT, 'cli/bin/flowc.mjs'), ['watch', dir, '--run', '--env', 'PORT=0'], {});
    const swaps = (): number => watcher.stderr().split('] serving ').length - 1;
    const waitFor = (done: () => boolean): Promise<void> =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (done()) {
            watcher.child.stderr!.off('data', check);
            resolve();
          }
        };
        watcher.child.stderr!.on('data', check);
        void watcher.exited.then(() => reject(new Error(`watch exited:\n${watcher.stderr()}`)));
        // Not a timing assertion: a guard that turns a hang into a readable failure.
        setTimeout(() => reject(new Error(`no progress; last output:\n${watcher.stderr().slice(-3000)}`)), 30_000).unref();
        check();
      });
    await waitFor(() => swaps() === 1);

    const bodies = new Map<string, number>();
    let finish: (result: autocannon.Result) => void = () => undefined;
    const finished = new Promise<autocannon.Result>((resolve) => (finish = resolve));
    const load = autocannon(
      {
        url: `http://127.0.0.1:${watcher.port}/ping`,
        connections: 64,
        duration: 600,
        setupClient(client) {
          client.on('body', (body: Buffer) => {
            const text = body.toString();
            bodies.set(text, (bodies.get(text) ?? 0) + 1);
          });
        },
      },
      (_error, result) => finish(result),
    );
    const failures = new Map<string, number>();
    load.on('reqError', (error: NodeJS.ErrnoException) => failures.set(error.code ?? error.message, (failures.get(error.code ?? error.message) ?? 0) + 1));

    for (let i = 1; i <= SWAPS; i++) {
      if (i === SWAPS / 2) {
        const failed = watcher.stderr().split('build failed').length;
        writeFileSync(file, spec('pong-a').replace('language: text', 'language: txt'));
        await waitFor(() => watcher.stderr().split('build failed').length > failed);
        expect((await http(watcher.port, 'GET', '/ping')).text).toMatch(/^pong-[ab]$/);
      }
      const before = swaps();
      writeFileSync(file, spec(i % 2 ? 'pong-b' : 'pong-a'));
      await waitFor(() => swaps() > before);
    }
    load.stop();
    const result = await finished;
    watcher.child.kill('SIGTERM');
    expect(await watcher.exited).toBe(0);

    expect({ failures: Object.fromEntries(failures), statuses: result.statusCodeStats, bodies: Object.fromEntries([...bodies].map(([b, n]) => [b.slice(0, 80), n])) }).toEqual({ failures: {}, statuses: { 200: expect.anything() }, bodies: { 'pong-a': expect.any(Number), 'pong-b': expect.any(Number) } });
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.resets ?? 0).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(result.requests.total).toBeGreaterThan(SWAPS);
  }, 300_000);
});

describe('flowc watch --run: values', () => {
  it('an edited values file re-binds the values without a new program', async () => {
    const dir = tempDir();
    const values = join(tempDir(), 'values.yaml');
    writeFileSync(values, '- name: greeting\n  data: hello\n');
    writeFileSync(
      join(dir, 'app.yaml'),
      spec('placeholder').replace('code: placeholder', "code: '{{ .GREETING }}'\n  env:\n    GREETING:\n      - name: greeting"),
    );
    const watcher = await start(join(ROOT, 'cli/bin/flowc.mjs'), ['watch', dir, '--run', '--env', 'PORT=0', '--values', values], {});
    const swaps = (): number => watcher.stderr().split('] serving ').length - 1;
    const until = (count: number): Promise<void> =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (swaps() >= count) {
            watcher.child.stderr!.off('data', check);
            resolve();
          }
        };
        watcher.child.stderr!.on('data', check);
        void watcher.exited.then(() => reject(new Error(watcher.stderr())));
        check();
      });
    await until(1);
    expect((await http(watcher.port, 'GET', '/ping')).text).toBe('hello');
    writeFileSync(values, '- name: greeting\n  data: bonjour\n');
    await until(2);
    expect((await http(watcher.port, 'GET', '/ping')).text).toBe('bonjour');
    expect(watcher.stderr()).not.toContain('bonjour');
    watcher.child.kill('SIGTERM');
    expect(await watcher.exited).toBe(0);
  });
});
