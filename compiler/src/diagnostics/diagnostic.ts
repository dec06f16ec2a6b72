import type { DiagnosticCode } from './codes.ts';
import type { Log } from './messages.ts';

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

/** Where a problem is: the position, the node it belongs to, related places. */
export interface Where {
  readonly at?: Position;
  readonly node?: string;
  readonly notes?: readonly Note[];
}

/** Collects diagnostics across every stage of one build. */
export class Diagnostics {
  constructor(
    readonly list: Diagnostic[] = [],
    private readonly notes: readonly Note[] = [],
  ) {}

  /** Reports what `log` (from messages.ts) says, at the place `where` names. */
  report(log: Log, where: Where = {}): void {
    const { severity = 'error', code, message, hint } = log;
    const { at, node } = where;
    const notes = [...(where.notes ?? []), ...this.notes];
    this.list.push({
      severity,
      code,
      message,
      ...(at ? { file: at.file, line: at.line, column: at.column } : {}),
      ...(node === undefined ? {} : { node }),
      ...(hint === undefined ? {} : { hint }),
      ...(notes.length ? { notes } : {}),
    });
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
