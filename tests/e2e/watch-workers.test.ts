import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, flowc, http, listenerYaml, start, tempDir, type Started } from '../support/flowc.ts';
import { waitUntil } from '../support/workers.ts';
import { context, type FlowcEventOf } from '../../compiler/src/index.ts';

/** `/who` answers with the version of the spec and the pid of the worker that answered; `/slow` takes a while. */
const spec = (version: string): string => `${listenerYaml('routes')}
- kind: router
  name: routes
  routes:
    - { method: GET, path: /who, port: 'out[0]' }
    - { method: GET, path: /slow, port: 'out[1]' }
  ports:
    out[0]: [{ name: who, port: in }]
    out[1]: [{ name: slow, port: in }]
- kind: snippet
  name: who
  language: javascript
  code: |
    export default () => \`${version} \${process.pid}\`;
- kind: snippet
  name: slow
  language: javascript
  code: |
    export default async () => {
      process.stderr.write(\`slow request received by \${process.pid}\\n\`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return 'slow done';
    };
`;

/** `flowc watch --run --workers 2`: every worker serves each version, a killed worker is replaced, SIGTERM drains all. */
describe('flowc watch --run --workers 2', () => {
  let dir: string;
  let watcher: Started;

  const summaries = (): string[] => [...watcher.stderr().matchAll(/2 of 2 workers serving (\w+)/g)].map((m) => m[1]!);
  /** The workers the log says serve `hash` now (the last line of each pid wins). */
  const servingPids = (hash: string): number[] => {
    const last = new Map<number, string>();
    for (const m of watcher.stderr().matchAll(/worker (\d+) (serving|exited) ?(\w*)/g)) last.set(Number(m[1]), m[2] === 'serving' ? m[3]! : '');
    return [...last].filter(([, h]) => h === hash).map(([pid]) => pid);
  };
  /** Asks `/who` on fresh connections until every pid in `pids` answered (the primary hands connections out in turn). */
  const answersFrom = async (pids: readonly number[]): Promise<Map<number, Set<string>>> => {
    const seen = new Map<number, Set<string>>();
    for (let i = 0; i < 40 && !pids.every((pid) => seen.has(pid)); i++) {
      const r = await http(watcher.port, 'GET', '/who');
      expect(r.status).toBe(200);
      const [version, pid] = r.text.split(' ');
      if (!seen.has(Number(pid))) seen.set(Number(pid), new Set());
      seen.get(Number(pid))!.add(version!);
    }
    return seen;
  };

  beforeAll(async () => {
    dir = tempDir();
    writeFileSync(join(dir, 'app.yaml'), spec('one'));
    watcher = await start(CLI, ['watch', 'app.yaml', '--run', '--workers', '2', '--env', 'PORT=0'], {}, true, dir);
    await watcher.waitForStderr('2 of 2 workers serving ');
  });
  afterAll(async () => {
    if (watcher.child.exitCode === null) watcher.child.kill('SIGKILL');
    await watcher.exited;
  });

  it('serves from both workers, sharing one port, with the same hash', async () => {
    const [hash] = summaries();
    const pids = servingPids(hash!);
    expect(pids).toHaveLength(2);
    const seen = await answersFrom(pids);
    expect([...seen.keys()].sort()).toEqual([...pids].sort());
    for (const versions of seen.values()) expect([...versions]).toEqual(['one']);
  });

  it('swaps an edit into every worker: all serve the new hash', async () => {
    const before = summaries().length;
    writeFileSync(join(dir, 'app.yaml'), spec('two'));
    await waitUntil(async () => summaries().length > before, async () => watcher.stderr());
    const hash = summaries().at(-1)!;
    expect(hash).not.toBe(summaries()[0]);
    const pids = servingPids(hash);
    expect(pids).toHaveLength(2);
    expect(watcher.stderr()).toContain(`serving ${hash} (rebuild`);
    const seen = await answersFrom(pids);
    expect([...seen.keys()].sort()).toEqual([...pids].sort());
    for (const versions of seen.values()) expect([...versions]).toEqual(['two']);
  });

  it('replaces a worker killed with SIGKILL by one serving the current version', async () => {
    const hash = summaries().at(-1)!;
    const [victim, survivor] = servingPids(hash);
    process.kill(victim!, 'SIGKILL');
    await watcher.waitForStderr(`worker ${victim} exited (SIGKILL): started worker `);
    const next = Number(new RegExp(`worker ${victim} exited \\(SIGKILL\\): started worker (\\d+)`).exec(watcher.stderr())![1]);
    await watcher.waitForStderr(`worker ${next} serving ${hash}`);
    expect(servingPids(hash).sort()).toEqual([survivor!, next].sort());
    const seen = await answersFrom([survivor!, next]);
    expect([...seen.keys()].sort()).toEqual([survivor!, next].sort());
    for (const versions of seen.values()) expect([...versions]).toEqual(['two']);
  });

  it('on SIGTERM, every worker answers the request it is serving, then all exit and the watcher exits 0', async () => {
    const pids = servingPids(summaries().at(-1)!);
    const slow = http(watcher.port, 'GET', '/slow');
    await watcher.waitForStderr('slow request received by ');
    watcher.child.kill('SIGTERM');
    const answer = await slow;
    expect([answer.status, answer.text]).toEqual([200, 'slow done']);
    expect(await watcher.exited).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe('flowc run --store --workers 2', () => {
  it('serves from two workers, each an instance in `flowc status` with the one hash, and exits 0 on SIGTERM', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.yaml'), spec('run'));
    const store = ['--store', join(dir, 'store'), '-n', 'workers'];
    expect(flowc(['apply', 'specs', '-f', join(dir, 'app.yaml'), ...store]).status).toBe(0);
    const run = await start(CLI, ['run', ...store, '--workers', '2', '--env', 'PORT=0'], {}, true, dir);
    await run.waitForStderr('converged: 2 instance(s) serving ');
    const lines = [...run.stderr().matchAll(/worker (\d+) serving (\w+)/g)];
    const pids = lines.map((m) => Number(m[1]));
    const hash = lines[0]![2]!;
    const status = JSON.parse(flowc(['status', ...store, '--format', 'json']).stdout) as { converged: boolean; instances: Array<{ pid: number; hash: string }> };
    expect(status.converged).toBe(true);
    expect(status.instances.map((i) => [i.pid, i.hash]).sort()).toEqual(pids.map((pid) => [pid, hash]).sort());
    const seen = new Set<number>();
    for (let i = 0; i < 40 && seen.size < 2; i++) {
      const r = await http(run.port, 'GET', '/who');
      expect(r.text.startsWith('run ')).toBe(true);
      seen.add(Number(r.text.split(' ')[1]));
    }
    expect([...seen].sort()).toEqual([...pids].sort());
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(flowc(['status', ...store]).stdout).toContain('no live instance');
  });
});

describe('context().serve({ workers })', () => {
  it('serves in worker processes: the server reports the hash all of them serve, send() is answered by one of them', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.yaml'), spec('api'));
    const ctx = await context({ inputs: ['app.yaml'], cwd: dir });
    const events: Array<FlowcEventOf<'worker'>> = [];
    ctx.on('worker', (event) => events.push(event));
    try {
      const server = await ctx.serve({ env: { PORT: '0' }, workers: { count: 2, exec: CLI } });
      const serving = events.filter((e) => e.state === 'serving' && e.pid !== undefined);
      expect(serving.map((e) => e.hash)).toEqual([server.hash, server.hash]);
      expect(events.at(-1)).toMatchObject({ state: 'serving', hash: server.hash, message: `2 of 2 workers serving ${server.hash}` });
      const answer = (await server.send('who', 'in', null)) as string;
      expect(answer.split(' ')[0]).toBe('api');
      expect(serving.map((e) => e.pid)).toContain(Number(answer.split(' ')[1]));
    } finally {
      await ctx.dispose();
    }
  });
});

describe('--workers refused', () => {
  it('names what it expects, and that it goes with --run', () => {
    const bad = flowc(['run', 'app.yaml', '--workers', 'many']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--workers expects a number of processes (1 or more) or `auto`, got "many"');
    const noRun = flowc(['watch', 'app.yaml', '-o', join(tempDir(), 'app.mjs'), '--workers', '2']);
    expect(noRun.status).toBe(2);
    expect(noRun.stderr).toContain('--workers run the program --run serves');
    const debug = flowc(['run', 'app.yaml', '--workers', '2', '--debug']);
    expect(debug.status).toBe(2);
    expect(debug.stderr).toContain('--debug follows one process; it cannot be used with --workers');
  });

  it('flowc run exits 1 with the reason when the program cannot start, and stops its workers (one may still be starting)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.yaml'), spec('none'));
    const failed = flowc(['run', 'app.yaml', '--workers', '2'], { cwd: dir });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('field `port`');
  });
});
