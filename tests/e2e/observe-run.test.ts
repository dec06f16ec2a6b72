import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { http, ROOT, start, tempDir, type Started } from '../support/flowc.ts';
import { metricsPort, parsePrometheus, sample, throwingSpec, webListener } from '../support/telemetry.ts';

const spec = (answer: string): string => `${webListener('routes')}- kind: router
  name: routes
  routes:
    - { method: GET, path: /ping, port: 'out[0]' }
  ports:
    out[0]: [{ name: pong, port: in }]
- kind: snippet
  name: pong
  language: text
  code: ${answer}
`;

/** Resolves once the watcher has reported `count` versions serving. */
function served(watcher: Started, count: number): Promise<string> {
  const hashes = (): string[] => [...watcher.stderr().matchAll(/\] serving ([0-9a-f]+)/g)].map((m) => m[1]!);
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (hashes().length < count) return;
      watcher.child.stderr!.off('data', check);
      resolve(hashes()[count - 1]!);
    };
    watcher.child.stderr!.on('data', check);
    void watcher.exited.then(() => reject(new Error(`watch exited:\n${watcher.stderr()}`)));
    check();
  });
}

describe('flowc watch --run --metrics', () => {
  it('counts swaps, names the serving hash, and keeps counting requests across versions', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.yaml');
    writeFileSync(file, spec('pong-a'));
    const watcher = await start(join(ROOT, 'cli/bin/flowc.mjs'), ['watch', file, '--run', '--env', 'PORT=0', '--metrics', '127.0.0.1:0'], {});
    try {
      const port = await metricsPort(watcher);
      const first = await served(watcher, 1);
      expect((await http(watcher.port, 'GET', '/ping')).text).toBe('pong-a');
      let samples = parsePrometheus((await http(port, 'GET', '/metrics')).text);
      expect(sample(samples, 'flowc_swaps_total')).toBe(0);
      expect(sample(samples, 'flowc_serving_info', { hash: first })).toBe(1);

      writeFileSync(file, spec('pong-b'));
      const second = await served(watcher, 2);
      expect(second).not.toBe(first);
      expect((await http(watcher.port, 'GET', '/ping')).text).toBe('pong-b');
      samples = parsePrometheus((await http(port, 'GET', '/metrics')).text);
      expect(sample(samples, 'flowc_swaps_total')).toBe(1);
      expect(samples.filter((s) => s.name === 'flowc_serving_info')).toEqual([{ name: 'flowc_serving_info', labels: { namespace: 'default', hash: second }, value: 1 }]);
      expect(sample(samples, 'flowc_http_requests_total', { listener: 'web', route: '/ping', status: '200' })).toBe(2);
      expect(sample(samples, 'flowc_node_packets_total', { node: 'pong' })).toBe(2);
      expect((await http(port, 'GET', '/readyz')).status).toBe(200);
    } finally {
      watcher.child.kill('SIGTERM');
      expect(await watcher.exited).toBe(0);
    }
  });
});

/** The log line of the request with this id, once written. */
async function requestLine(server: Started, id: string): Promise<string> {
  await server.waitForStderr(`(request ${id})`);
  return server.stderr().split('\n').find((l) => l.includes(`(request ${id})`))!;
}

describe('flowc run and watch --run: a throwing snippet', () => {
  it('is logged with its frame inside the YAML file, in every version swapped in', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.yaml');
    writeFileSync(file, throwingSpec);
    const cli = join(ROOT, 'cli/bin/flowc.mjs');
    const run = await start(cli, ['run', file, '--env', 'PORT=0'], {});
    try {
      expect((await http(run.port, 'GET', '/', { 'X-Request-Id': 'run-1' })).status).toBe(500);
      const line = await requestLine(run, 'run-1');
      expect(line).toContain(`node \`boom\` (snippet, `);
      expect(line).toContain(`(at ${file}:14:33)`);
    } finally {
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    }

    const watcher = await start(cli, ['watch', file, '--run', '--env', 'PORT=0'], {});
    try {
      await served(watcher, 1);
      expect((await http(watcher.port, 'GET', '/', { 'X-Request-Id': 'watch-1' })).status).toBe(500);
      expect(await requestLine(watcher, 'watch-1')).toContain(`(at ${file}:14:33)`);
      // The next version's map is its own: one line more above the snippet moves its frame down one.
      writeFileSync(file, `# moved down\n${throwingSpec}`);
      await served(watcher, 2);
      expect((await http(watcher.port, 'GET', '/', { 'X-Request-Id': 'watch-2' })).status).toBe(500);
      expect(await requestLine(watcher, 'watch-2')).toContain(`(at ${file}:15:33)`);
    } finally {
      watcher.child.kill('SIGTERM');
      expect(await watcher.exited).toBe(0);
    }
  });
});
