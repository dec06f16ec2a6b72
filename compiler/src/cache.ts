import type { Diagnostic } from './diagnostics/diagnostic.ts';
import type { LocatedResource } from './parse/document.ts';
import type { LoweredFields } from './lower/fields.ts';
import { SpecValidator } from './validate/validate.ts';

/** A map that keeps only what the last build used: entries not read again are dropped at rotate(). */
export class Memo<V> {
  private previous = new Map<string, V>();
  private current = new Map<string, V>();

  get(key: string): V | undefined {
    const value = this.current.get(key) ?? this.previous.get(key);
    if (value !== undefined) this.current.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.current.set(key, value);
  }

  rotate(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}

export interface ParsedFile {
  readonly text: string;
  readonly resources: LocatedResource[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * What one build can reuse from the previous one (watch mode). Every entry is keyed by the exact
 * input it was computed from, so a hit is always safe; results that produced diagnostics are not
 * kept, so problems are always reported at their current position.
 */
export class CompileCache {
  /** file → its text and what parsing it produced. */
  readonly parsed = new Memo<ParsedFile>();
  /** `kind NUL spec JSON` of specs that validated without a single diagnostic. */
  readonly valid = new Memo<true>();
  /** node key, kind, fields, env and folder → lowered fields. */
  readonly lowered = new Memo<LoweredFields>();
  /** Schemas compiled once, across builds. */
  readonly validator = new SpecValidator(this.valid);

  /** Ends a build: what it did not use is forgotten, so memory follows the project, not its history. */
  rotate(): void {
    this.parsed.rotate();
    this.valid.rotate();
    this.lowered.rotate();
  }
}
