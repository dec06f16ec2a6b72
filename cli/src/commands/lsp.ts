/** `flowc lsp`: the language server over stdio (the logic is the compiler's, `compiler/src/lsp/`). */
export async function lspCommand(): Promise<void> {
  const { startLanguageServer } = await import('@flowc/compiler/lsp/server');
  startLanguageServer();
}
