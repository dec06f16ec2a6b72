import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan } from '../api/plan.ts';
import { formatPlan } from './render.ts';

function files(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowc-plan-'));
  writeFileSync(join(dir, 'app.yaml'), text);
  return join(dir, 'app.yaml');
}

const BEFORE = `- kind: listener
  name: http
  protocol: http
  port: 8000
  ports:
    out:
      - name: router
        port: in
- kind: router
  name: router
  routes:
    - method: GET
      path: /ping
      port: out[0]
  ports:
    out[0]:
      - name: pong
        port: in
- kind: snippet
  name: pong
  language: text
  code: pong
  env:
    SECRET:
      - name: database
        data: '{{ .password }}'
- kind: cache
  name: memo
- kind: nop
  name: old
- name: database
  data: { password: hunter2 }
- name: vault
  data: { password: swordfish }
`;

describe('plan', () => {
  it('is "no change" when only formatting, comments and key order differ', async () => {
    const reformatted = `# the same workflow, written differently
[
  { "name": "http", "kind": "listener", "protocol": "http", "port": 8000, "ports": { "out": [ { "port": "in", "name": "router" } ] } },
  { "kind": "router", "name": "router", "routes": [ { "path": "/ping", "method": "GET", "port": "out[0]" } ], "ports": { "out[0]": [ { "name": "pong", "port": "in" } ] } },
  { "kind": "snippet", "name": "pong", "code": "pong", "language": "text", "env": { "SECRET": [ { "name": "database", "data": "{{ .password }}" } ] } },
  { "kind": "cache", "name": "memo" },
  { "kind": "nop", "name": "old" },
  { "name": "database", "data": { "password": "hunter2" } },
  { "name": "vault", "data": { "password": "swordfish" } }
]
`;
    const result = await plan({ inputs: [files(BEFORE)] }, { inputs: [files(reformatted)] });
    expect(result.errors).toEqual([]);
    expect(result.changed).toBe(false);
    expect(formatPlan(result.namespaces)).toMatch(/^No changes/);
  });

  it('names the nodes added, removed and changed (which fields), edges rewired, listeners, state and bindings', async () => {
    const after = BEFORE.replace('port: 8000', 'port: 8080')
      .replace("      - name: pong\n        port: in", "      - name: pong\n        port: in\n      - name: audit\n        port: in")
      .replace('  code: pong\n', '  code: pong!\n')
      .replace('      - name: database', '      - name: vault')
      .replace('- kind: nop\n  name: old\n', '- kind: print\n  name: audit\n');
    const result = await plan({ inputs: [files(BEFORE)] }, { inputs: [files(after)] });
    expect(result.errors).toEqual([]);
    expect(result.changed).toBe(true);
    expect(result.namespaces).toEqual([
      {
        namespace: 'default',
        added: [{ name: 'audit', kind: 'print' }],
        removed: [{ name: 'old', kind: 'nop' }],
        changed: [
          { name: 'http', kind: 'listener', fields: ['port'] },
          { name: 'pong', kind: 'snippet', fields: ['code'] },
        ],
        edges: { added: [{ from: 'router.out[0]', to: 'audit.in' }], removed: [] },
        listeners: [{ node: 'http', from: '*:8000', to: '*:8080' }],
        state: [
          { node: 'http', because: ['fields'] },
          { node: 'pong', because: ['fields', 'env'] },
        ],
        values: [{ node: 'pong', key: 'SECRET', from: ['database'], to: ['vault'] }],
      },
    ]);
    const text = formatPlan(result.namespaces);
    expect(text).toContain('namespace `default`: 1 to add, 2 to change, 1 to remove');
    expect(text).toContain('+ router.out[0] → audit.in');
    expect(text).toContain('~ `http`: *:8000 → *:8080');
    expect(text).toContain('~ `pong` env `SECRET`: `database` → `vault`');
    expect(text).not.toMatch(/hunter2|swordfish/);
  });

  it('a side that does not compile gives its errors and no plan', async () => {
    const result = await plan({ inputs: [files(BEFORE)] }, { inputs: [files(BEFORE.replace('kind: router', 'kind: routr'))] });
    expect(result.changed).toBe(false);
    expect(result.errors.map((d) => d.code)).toEqual(['UNKNOWN_KIND']);
  });
});
