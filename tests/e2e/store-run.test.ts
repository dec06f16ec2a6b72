import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testSchema } from '../../runtime/src/store/testing.ts';
import { flowc, http, ROOT, start, tempDir, type Started } from '../support/flowc.ts';

const CLI = join(ROOT, 'cli/bin/flowc.mjs');
const db = testSchema('flowc_run');
afterAll(() => db.drop());

/** Resolves when the process has logged `serving <hash>` `count` times in all. */
function served(instance: Started, count: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const hashes = [...instance.stderr().matchAll(/\] serving ([0-9a-f]{16})/g)].map((m) => m[1]!);
      if (hashes.length >= count) {
        instance.child.stderr!.off('data', check);
        resolve(hashes[count - 1]!);
      }
    };
    instance.child.stderr!.on('data', check);
    void instance.exited.then(() => reject(new Error(`instance exited:\n${instance.stderr()}`)));
    check();
  });
}

describe('flowc run --store: several instances follow the store (PostgreSQL)', () => {
  it('two instances serve one namespace, swap on one `flowc apply`, and `flowc status` shows convergence', async () => {
    const dir = tempDir();
    const spec = readFileSync(join(ROOT, 'examples/ping.yaml'), 'utf8');
    writeFileSync(join(dir, 'v1.yaml'), spec);
    writeFileSync(join(dir, 'v2.yaml'), spec.replace('code: pong', 'code: pong-v2'));
    writeFileSync(join(dir, 'bad.yaml'), spec.replace('language: text', 'language: txt'));
    const store = ['--store', db.url, '-n', 'shop'];
    expect(flowc(['apply', 'specs', '-f', join(dir, 'v1.yaml'), ...store]).status).toBe(0);

    const instances = await Promise.all([0, 1].map(() => start(CLI, ['run', ...store, '--env', 'PORT=0'], {})));
    const [first] = await Promise.all(instances.map((i) => served(i, 1)));
    for (const i of instances) expect((await http(i.port, 'GET', '/ping')).text).toBe('pong');
    const status = JSON.parse(flowc(['status', ...store, '--format', 'json']).stdout) as { converged: boolean; instances: Array<{ hash: string }> };
    expect(status).toMatchObject({ converged: true });
    expect(status.instances.map((i) => i.hash)).toEqual([first, first]);

    // A batch that would not build is refused by apply and changes nothing anywhere.
    const refused = flowc(['apply', 'specs', '-f', join(dir, 'bad.yaml'), ...store]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('FIELD_VALUE');

    expect(flowc(['apply', 'specs', '-f', join(dir, 'v2.yaml'), ...store]).status).toBe(0);
    const [second] = await Promise.all(instances.map((i) => served(i, 2)));
    expect(second).not.toBe(first);
    for (const i of instances) expect((await http(i.port, 'GET', '/ping')).text).toBe('pong-v2');
    const after = flowc(['status', ...store]);
    expect(after.status).toBe(0);
    expect(after.stdout).toContain(`converged: 2 instance(s) serving ${second}`);

    for (const i of instances) i.child.kill('SIGTERM');
    for (const i of instances) expect(await i.exited).toBe(0);
    expect(flowc(['status', ...store]).stdout).toContain('no live instance');
  }, 60_000);

  it('flowc build --store emits the namespace held in the store', () => {
    const out = join(tempDir(), 'shop.mjs');
    const r = flowc(['build', '--store', db.url, '-n', 'shop', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('pong-v2');
  });
});
