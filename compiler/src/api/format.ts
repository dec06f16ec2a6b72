import { formatDiagnostics as formatText, formatDiagnosticsJson } from '../diagnostics/render.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { FormatOptions } from './types.ts';

/** Diagnostics as a terminal shows them (code frames, hints) or as JSON. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions = {}): string {
  if (options.format === 'json') return formatDiagnosticsJson(diagnostics);
  if (diagnostics.length === 0) return '';
  return formatText(diagnostics, options.sources ?? new Map(), { color: options.color ?? false });
}
