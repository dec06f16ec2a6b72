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
  /** Related places, e.g. the spec that uses the chart in which the problem sits. */
  readonly notes?: readonly Note[];
}

export interface Note {
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Collects diagnostics across every stage of one build. */
export class Diagnostics {
  constructor(
    readonly list: Diagnostic[] = [],
    private readonly notes: readonly Note[] = [],
  ) {}

  report(d: Omit<Diagnostic, 'severity' | 'file' | 'line' | 'column'> & { severity?: Severity; at?: Position }): void {
    const { at, severity = 'error', ...rest } = d;
    const notes = [...(rest.notes ?? []), ...this.notes];
    this.list.push({ severity, ...rest, ...(at ? { file: at.file, line: at.line, column: at.column } : {}), ...(notes.length ? { notes } : {}) });
  }

  /** A sink into the same list that adds these notes to everything reported through it. */
  withNotes(notes: readonly Note[]): Diagnostics {
    return notes.length === 0 ? this : new Diagnostics(this.list, [...this.notes, ...notes]);
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
