import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CompletionItemKind,
  createConnection,
  DiagnosticSeverity,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type Range,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { diagnosticUrl } from '../diagnostics/explain.ts';
import type { Span } from './outline.ts';
import { Workspace, type Completion, type WorkspaceOptions } from './workspace.ts';

const COMPLETION_KINDS: Record<Completion['kind'], CompletionItemKind> = {
  kind: CompletionItemKind.Class,
  field: CompletionItemKind.Field,
  port: CompletionItemKind.Interface,
  node: CompletionItemKind.Reference,
  value: CompletionItemKind.Variable,
  enum: CompletionItemKind.EnumMember,
};

/**
 * flowc's language server over stdio: the diagnostics of a whole-workspace check on every change, and
 * completion, hover, definition, references and rename from `Workspace`. The workspace folder is the root;
 * `initializationOptions` may give `inputs`, `kinds` and `config` as the API takes them.
 */
export function startLanguageServer(connection: Connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout)): Connection {
  const documents = new TextDocuments(TextDocument);
  let workspace: Workspace | undefined;
  let published = new Set<string>();
  let checking: Promise<void> = Promise.resolve();

  const fileOf = (uri: string): string => fileURLToPath(uri);
  const uriOf = (file: string): string => pathToFileURL(file).href;
  // Offsets become positions through a TextDocument of the text the workspace read, made once per text.
  const lines = new Map<string, TextDocument>();
  const position = (file: string, offset: number): { line: number; character: number } => {
    const text = workspace?.text(file) ?? '';
    let doc = lines.get(file);
    if (doc?.getText() !== text) lines.set(file, (doc = TextDocument.create(uriOf(file), 'yaml', 0, text)));
    return doc.positionAt(offset);
  };
  const range = (file: string, span: Span): Range => ({ start: position(file, span.start), end: position(file, span.end) });
  const offsetIn = (uri: string, pos: { line: number; character: number }): number | undefined => documents.get(uri)?.offsetAt(pos);

  const toLsp = (file: string, d: Diagnostic): LspDiagnostic => ({
    range: range(file, workspace!.diagnosticSpan(file, d)),
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    codeDescription: { href: diagnosticUrl(d.code) },
    source: 'flowc',
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
  });

  // Checks run one after another; each publishes every file's diagnostics and clears files that have none now.
  const check = (): Promise<void> =>
    (checking = checking.then(async () => {
      if (!workspace) return;
      const byFile = await workspace.check();
      const now = new Set<string>();
      for (const [file, list] of byFile) {
        now.add(file);
        await connection.sendDiagnostics({ uri: uriOf(file), diagnostics: list.map((d) => toLsp(file, d)) });
      }
      for (const file of published) if (!now.has(file)) await connection.sendDiagnostics({ uri: uriOf(file), diagnostics: [] });
      published = now;
    }).catch((error: unknown) => connection.console.error(`flowc: ${error instanceof Error ? error.message : String(error)}`)));

  connection.onInitialize((params) => {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    const root = folder ? fileOf(folder) : process.cwd();
    workspace = new Workspace(root, (params.initializationOptions ?? {}) as WorkspaceOptions);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [' ', ':'] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: true,
      },
      serverInfo: { name: 'flowc' },
    };
  });
  connection.onInitialized(() => void check());

  documents.onDidOpen((e) => {
    workspace?.open(fileOf(e.document.uri), e.document.getText());
    void check();
  });
  documents.onDidChangeContent((e) => {
    workspace?.open(fileOf(e.document.uri), e.document.getText());
    void check();
  });
  documents.onDidClose((e) => {
    workspace?.close(fileOf(e.document.uri));
    void check();
  });
  connection.onDidChangeWatchedFiles(() => void check());

  connection.onCompletion(async (params) => {
    await checking;
    const offset = offsetIn(params.textDocument.uri, params.position);
    const file = fileOf(params.textDocument.uri);
    const found = offset === undefined ? undefined : workspace?.completions(file, offset);
    if (!found) return [];
    const replace = range(file, found.replace);
    return found.items.map((item) => ({
      label: item.label,
      kind: COMPLETION_KINDS[item.kind],
      ...(item.detail ? { detail: item.detail } : {}),
      ...(item.documentation ? { documentation: { kind: 'markdown' as const, value: item.documentation } } : {}),
      textEdit: { range: replace, newText: item.label },
    }));
  });

  connection.onHover(async (params) => {
    await checking;
    const offset = offsetIn(params.textDocument.uri, params.position);
    const file = fileOf(params.textDocument.uri);
    const found = offset === undefined ? undefined : workspace?.hover(file, offset);
    return found ? { contents: { kind: 'markdown', value: found.markdown }, range: range(file, found.span) } : null;
  });

  connection.onDefinition(async (params) => {
    await checking;
    const offset = offsetIn(params.textDocument.uri, params.position);
    const found = offset === undefined ? undefined : workspace?.definition(fileOf(params.textDocument.uri), offset);
    return found ? { uri: uriOf(found.file), range: range(found.file, found.span) } : null;
  });

  connection.onReferences(async (params) => {
    await checking;
    const offset = offsetIn(params.textDocument.uri, params.position);
    const places = offset === undefined ? [] : (workspace?.references(fileOf(params.textDocument.uri), offset, params.context.includeDeclaration) ?? []);
    return places.map((p) => ({ uri: uriOf(p.file), range: range(p.file, p.span) }));
  });

  connection.onRenameRequest(async (params) => {
    await checking;
    const offset = offsetIn(params.textDocument.uri, params.position);
    const edits = offset === undefined ? [] : (workspace?.rename(fileOf(params.textDocument.uri), offset, params.newName) ?? []);
    if (edits.length === 0) return null;
    const changes: Record<string, Array<{ range: Range; newText: string }>> = {};
    for (const edit of edits) (changes[uriOf(edit.file)] ??= []).push({ range: range(edit.file, edit.span), newText: edit.newText });
    return { changes };
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
