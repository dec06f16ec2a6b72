// `flowc lsp` spoken to over stdio by a JSON-RPC client, as an editor would: ranges are asserted exactly.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from '../support/lsp.ts';
import { tempDir } from '../support/flowc.ts';

const A = `- kind: listener
  name: http
  protocol: http
  port: 8000
  ports:
    out:
      - name: router
        port: in
`;
const B = `- kind: router
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
`;

interface Diagnostics {
  readonly uri: string;
  readonly diagnostics: ReadonlyArray<{ range: unknown; code: string; message: string; severity: number; codeDescription: { href: string } }>;
}
const range = (line: number, from: number, to: number, endLine = line): object => ({ start: { line, character: from }, end: { line: endLine, character: to } });

describe('flowc lsp', () => {
  const dir = tempDir();
  const a = pathToFileURL(join(dir, 'a.yaml')).href;
  const b = pathToFileURL(join(dir, 'b.yaml')).href;
  let client: LspClient;
  let version = 1;

  const diagnosticsOf = (uri: string, accept: (d: Diagnostics) => boolean = () => true): Promise<Diagnostics> =>
    client.notification((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as Diagnostics).uri === uri && accept(m.params as Diagnostics)).then((m) => m.params as Diagnostics);
  const change = (uri: string, text: string): void => client.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
  const at = (uri: string, line: number, character: number): object => ({ textDocument: { uri }, position: { line, character } });
  const labels = (items: ReadonlyArray<{ label: string }>): string[] => items.map((i) => i.label);

  beforeAll(async () => {
    writeFileSync(join(dir, 'a.yaml'), A);
    writeFileSync(join(dir, 'b.yaml'), B);
    client = new LspClient(dir);
    const init = await client.request<{ capabilities: Record<string, unknown> }>('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
    expect(init.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, referencesProvider: true, renameProvider: true });
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', { textDocument: { uri: a, languageId: 'yaml', version: 1, text: A } });
    client.notify('textDocument/didOpen', { textDocument: { uri: b, languageId: 'yaml', version: 1, text: B } });
  });
  afterAll(async () => {
    await client.close();
  });

  it('publishes the diagnostics of a whole-workspace check: a reference into another file resolves', async () => {
    expect((await diagnosticsOf(a)).diagnostics).toEqual([]);
    expect((await diagnosticsOf(b)).diagnostics).toEqual([]);
  });

  it('a change is checked as you type, with the code, range and hint of flowc check', async () => {
    change(a, A.replace('name: router', 'name: routr'));
    const found = await diagnosticsOf(a, (d) => d.diagnostics.length > 0);
    expect(found.diagnostics).toEqual([
      {
        range: range(6, 8, 12),
        severity: 1,
        code: 'UNKNOWN_NODE',
        codeDescription: { href: 'docs/diagnostics.md#unknown_node' },
        source: 'flowc',
        message: 'no node `routr` in namespace `default`\nhint: did you mean `router`?',
      },
    ]);
    change(a, A);
    expect((await diagnosticsOf(a, (d) => d.diagnostics.length === 0)).diagnostics).toEqual([]);
  });

  it('goes from a port reference to the node it names, in another file', async () => {
    expect(await client.request('textDocument/definition', at(a, 6, 16))).toEqual({ uri: b, range: range(1, 8, 14) });
  });

  it('finds every reference to a node, and renames it everywhere', async () => {
    const refs = await client.request('textDocument/references', { ...at(b, 1, 10), context: { includeDeclaration: true } });
    expect(refs).toEqual([{ uri: b, range: range(1, 8, 14) }, { uri: a, range: range(6, 14, 20) }]);
    const edit = await client.request('textDocument/rename', { ...at(a, 6, 16), newName: 'api' });
    expect(edit).toEqual({ changes: { [b]: [{ range: range(1, 8, 14), newText: 'api' }], [a]: [{ range: range(6, 14, 20), newText: 'api' }] } });
  });

  it("hovers: a field's description from the schema, a node's kind and wiring", async () => {
    const field = await client.request<{ contents: { value: string }; range: object }>('textDocument/hover', at(b, 12, 4));
    expect(field.contents.value).toContain('how `code` is read');
    expect(field.range).toEqual(range(12, 2, 10));
    const node = await client.request<{ contents: { value: string } }>('textDocument/hover', at(a, 6, 16));
    expect(node.contents.value).toContain('**router**: `router` node');
    expect(node.contents.value).toContain('sends: `out[0]` → `pong`.`in`');
    expect(node.contents.value).toContain('receives from: `http`.`out`');
  });

  it('completes kinds, fields of the kind, enum values, node names and the ports of the target node', async () => {
    const typing = `${A}- kind: rou\n`;
    change(a, typing);
    const kinds = await client.request<Array<{ label: string; textEdit: { range: object } }>>('textDocument/completion', at(a, 8, 11));
    expect(labels(kinds)).toEqual(['router']);
    expect(kinds[0]!.textEdit.range).toEqual(range(8, 8, 11));

    change(a, `${A}- kind: snippet\n  name: echo\n  lan\n`);
    const fields = await client.request<Array<{ label: string; textEdit: { range: object } }>>('textDocument/completion', at(a, 10, 5));
    expect(labels(fields)).toEqual(['language']);
    expect(fields[0]!.textEdit.range).toEqual(range(10, 2, 5));

    change(a, `${A}- kind: snippet\n  name: echo\n  language: \n`);
    expect(labels(await client.request('textDocument/completion', at(a, 10, 12)))).toEqual(['text', 'json', 'yaml', 'javascript', 'typescript', 'cel']);

    change(a, A.replace('name: router', 'name: '));
    expect(labels(await client.request('textDocument/completion', at(a, 6, 14))).sort()).toEqual(['http', 'pong', 'router']);

    change(a, A.replace('port: in', 'port: '));
    expect(labels(await client.request('textDocument/completion', at(a, 7, 14)))).toEqual(['in']);

    change(a, A.replace('    out:', '    o:'));
    expect(labels(await client.request('textDocument/completion', at(a, 5, 5)))).toEqual(['out']);
    change(a, A);
  });
});
