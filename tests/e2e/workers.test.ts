import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExample, http, start, type Started } from '../support/flowc.ts';

/** `--workers n` on a bundle: n processes share the listener's socket; crashes are restarted; SIGTERM drains all. */
describe('a bundle with --workers', () => {
  let bundle: string;
  let server: Started;

  beforeAll(async () => {
    bundle = buildExample('examples/ping.yaml');
    server = await start(bundle, ['--workers', '2'], { PORT: '0' });
    await server.waitForStderr('2 workers serving program ');
  });
  afterAll(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGTERM');
    await server.exited;
  });

  const workerPids = (log: string): number[] => [...log.matchAll(/worker (\d+) serving program/g)].map((m) => Number(m[1]));

  it('starts every worker on the one port, all serving the same program hash', async () => {
    const lines = [...server.stderr().matchAll(/worker \d+ serving program (\w+)/g)].map((m) => m[1]);
    expect(lines).toHaveLength(2);
    expect(new Set(lines).size).toBe(1);
    const answers = await Promise.all(Array.from({ length: 20 }, () => http(server.port, 'GET', '/ping')));
    expect(answers.map((r) => [r.status, r.text])).toEqual(Array.from({ length: 20 }, () => [200, 'pong']));
  });

  it('starts another worker when one crashes, and keeps answering', async () => {
    const [first] = workerPids(server.stderr());
    process.kill(first!, 'SIGKILL');
    await server.waitForStderr(`worker ${first} exited (SIGKILL): started worker `);
    const next = new RegExp(`worker ${first} exited \\(SIGKILL\\): started worker (\\d+)`).exec(server.stderr())![1];
    await server.waitForStderr(`worker ${next} serving program `);
    const r = await http(server.port, 'GET', '/ping');
    expect([r.status, r.text]).toEqual([200, 'pong']);
  });

  it('stops every worker on SIGTERM and exits 0', async () => {
    const alive = workerPids(server.stderr()).slice(1);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    for (const pid of alive) expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe('--workers refused', () => {
  it('says what it expects', async () => {
    const bundle = buildExample('examples/ping.yaml');
    const bad = await start(bundle, ['--workers', 'many'], { PORT: '0' }, false);
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toContain('--workers expects a number of processes (1 or more) or `auto`, got "many"');
  });

  it('exits 1 with the reason when the workers cannot start their program', async () => {
    const bundle = buildExample('examples/ping.yaml');
    const failed = await start(bundle, ['--workers', '2'], { PORT: undefined }, false);
    expect(await failed.exited).toBe(1);
    expect(failed.stderr()).toContain('field `port`');
    expect(failed.stderr()).toContain('a worker exited before its program started (code 1): stopping');
  });
});
