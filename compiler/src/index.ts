export { ALL_NAMESPACES, compile, compileSources, type CompileOptions, type CompileResult, type TypedSource } from './compile.ts';
export { Bundler, bundleProgram, type Bundle, type BundleFormat } from './bundle/bundle.ts';
export type { Diagnostic } from './diagnostics/diagnostic.ts';
export { formatDiagnostics, formatDiagnosticsJson } from './diagnostics/render.ts';
export { CODES, type DiagnosticCode } from './diagnostics/codes.ts';
export { CompileCache } from './cache.ts';
export type { EmittedProgram } from './emit/program.ts';
