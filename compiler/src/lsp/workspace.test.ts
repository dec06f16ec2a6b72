import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from './workspace.ts';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowc-lsp-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('the language server workspace', () => {
  it('checks the YAML/JSON files that hold specs, charts or values, not package.json or a compose file', async () => {
    const dir = folder({
      'app.yaml': '- kind: nop\n  name: sink\n',
      'package.json': '{ "name": "x", "private": true }\n',
      'compose.yaml': 'services:\n  db:\n    image: postgres\n',
    });
    const checked = await new Workspace(dir).check();
    expect([...checked.keys()]).toEqual([join(dir, 'app.yaml')]);
  });

  it('an open document is checked as typed, not as saved, and a diagnostic covers its word', async () => {
    const dir = folder({ 'app.yaml': '- kind: nop\n  name: sink\n' });
    const workspace = new Workspace(dir);
    const file = join(dir, 'app.yaml');
    workspace.open(file, '- kind: nopp\n  name: sink\n');
    const [d] = (await workspace.check()).get(file)!;
    expect(d).toMatchObject({ code: 'UNKNOWN_KIND', line: 1, column: 9 });
    expect(workspace.diagnosticSpan(file, d!)).toEqual({ start: 8, end: 12 });
  });

  it('completes the fields of a nested object (router routes) and its enums', async () => {
    const dir = folder({});
    const workspace = new Workspace(dir);
    const file = join(dir, 'app.yaml');
    const text = '- kind: router\n  name: r\n  routes:\n    - meth';
    workspace.open(file, text);
    await workspace.check();
    expect(workspace.completions(file, text.length)?.items.map((i) => i.label)).toEqual(['method']);
    const method = '- kind: router\n  name: r\n  routes:\n    - method: PO';
    workspace.open(file, method);
    expect(workspace.completions(file, method.length)?.items.map((i) => i.label)).toEqual(['POST']);
  });

  it("completes values' names in env, and the namespace's charts among kinds", async () => {
    const dir = folder({ 'values.yaml': '- name: database\n  data: { password: x }\n- name: cache\n  namespace: other\n  data: 1\n', 'charts.yaml': '- name: greeter\n  specs:\n    - kind: nop\n' });
    const workspace = new Workspace(dir);
    const file = join(dir, 'app.yaml');
    const env = '- kind: snippet\n  name: s\n  language: text\n  code: x\n  env:\n    PASSWORD:\n      - name: ';
    workspace.open(file, env);
    await workspace.check();
    expect(workspace.completions(file, env.length)?.items.map((i) => i.label)).toEqual(['database']);
    const kind = '- kind: gree';
    workspace.open(file, kind);
    expect(workspace.completions(file, kind.length)?.items).toEqual([{ label: 'greeter', kind: 'kind', detail: 'chart' }]);
  });
});
