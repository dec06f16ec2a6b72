import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowc, ROOT, tempDir } from '../support/flowc.ts';

const PING = readFileSync(join(ROOT, 'examples/ping.yaml'), 'utf8');

describe('flowc plan', () => {
  it('compares two versions of files; --format json for CI; --detailed-exitcode', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'old.yaml'), PING);
    writeFileSync(join(dir, 'new.yaml'), PING.replace('code: pong', 'code: pong!'));
    writeFileSync(join(dir, 'same.yaml'), `# reformatted\n${PING.replace(/'\{\{ \.PORT \}\}'/, '"{{ .PORT }}"')}`);
    const text = flowc(['plan', 'old.yaml', 'new.yaml'], { cwd: dir });
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('~ `pong` (snippet): code');
    const json = flowc(['plan', 'old.yaml', 'new.yaml', '--format', 'json', '--detailed-exitcode'], { cwd: dir });
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ changed: true, namespaces: [{ namespace: 'default', changed: [{ name: 'pong', fields: ['code'] }] }] });
    const same = flowc(['plan', 'old.yaml', 'same.yaml', '--detailed-exitcode'], { cwd: dir });
    expect([same.status, same.stdout]).toEqual([0, 'No changes: the compiled graphs are the same (only formatting or comments differ, if anything).\n']);
  });

  it('plans what apply would write to a store; apply --plan asks, or applies with --yes', () => {
    const dir = tempDir();
    const store = ['--store', join(dir, 'store')];
    writeFileSync(join(dir, 'v1.yaml'), PING);
    writeFileSync(join(dir, 'v2.yaml'), PING.replace('code: pong', 'code: pong!'));
    expect(flowc(['apply', 'specs', '-f', 'v1.yaml', ...store], { cwd: dir }).status).toBe(0);

    const planned = flowc(['plan', ...store, '-n', 'default', '-f', 'v2.yaml'], { cwd: dir });
    expect(planned.status, planned.stderr).toBe(0);
    expect(planned.stdout).toContain('~ `pong` (snippet): code');

    const refused = flowc(['apply', 'specs', '-f', 'v2.yaml', '--plan', ...store], { cwd: dir });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('pass --yes');
    expect(flowc(['plan', ...store, '-f', 'v2.yaml'], { cwd: dir }).stdout).toContain('1 to change');

    const applied = flowc(['apply', 'specs', '-f', 'v2.yaml', '--plan', '--yes', ...store], { cwd: dir });
    expect(applied.status, applied.stderr).toBe(0);
    expect(applied.stderr).toContain('~ `pong` (snippet): code');
    expect(flowc(['plan', ...store, '-f', 'v2.yaml'], { cwd: dir }).stdout).toMatch(/^No changes/);
  });

  it('a plan of values names the values whose data changes, never the data', () => {
    const dir = tempDir();
    const store = ['--store', join(dir, 'store')];
    writeFileSync(join(dir, 'v1.yaml'), '- name: database\n  data: { password: hunter2 }\n');
    writeFileSync(join(dir, 'v2.yaml'), '- name: database\n  data: { password: swordfish }\n- name: cache\n  data: { url: redis://x }\n');
    expect(flowc(['apply', 'values', '-f', 'v1.yaml', ...store], { cwd: dir }).status).toBe(0);
    const planned = flowc(['plan', ...store, '-t', 'values', '-f', 'v2.yaml', '--detailed-exitcode'], { cwd: dir });
    expect(planned.status, planned.stderr).toBe(2);
    expect(planned.stdout).toContain('~ value `database` in `default` (its data changes; not shown)');
    expect(planned.stdout).toContain('+ value `cache` in `default`');
    expect(planned.stdout + planned.stderr).not.toMatch(/hunter2|swordfish|redis/);
  });
});
