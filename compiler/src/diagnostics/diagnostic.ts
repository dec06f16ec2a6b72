import type { DiagnosticCode } from './codes.ts';

export type Severity = 'error' | 'warning';

/**
 * One problem found while building, as data. `line` and `column` are 1-based and point into `file`.
 * Renderers (code frame, JSON) are separate from producers.
 */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** The node the problem belongs to (its name, or `kind#index` when unnamed). */
  readonly node?: string;
  /** What to do about it. */
  readonly hint?: string;
}

export interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Collects diagnostics across every stage of one build. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];

  report(d: Omit<Diagnostic, 'severity' | 'file' | 'line' | 'column'> & { severity?: Severity; at?: Position }): void {
    const { at, severity = 'error', ...rest } = d;
    this.list.push({ severity, ...rest, ...(at ? { file: at.file, line: at.line, column: at.column } : {}) });
  }

  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }

  get errors(): Diagnostic[] {
    return this.list.filter((d) => d.severity === 'error');
  }
}

/** Thrown by the API when a build has errors; carries them all. */
export class BuildError extends Error {
  override name = 'BuildError';
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(`build failed with ${diagnostics.filter((d) => d.severity === 'error').length} error(s)`);
  }
}
