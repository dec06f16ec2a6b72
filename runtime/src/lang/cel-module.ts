import type { FieldPath } from '../core/kind.ts';
import type { celProgram } from './cel.ts';

/**
 * What a node finds in `ctx.modules[celModuleKey(path)]` for the expression at `path`: a module the
 * compiler generates, which re-exports the CEL engine (lang/cel.ts) and carries the expression parsed at
 * build time. `parsed` is absent when the expression holds a template and is parsed at start instead.
 *
 * This file imports nothing at run time, so a kind can name the key without pulling the CEL engine into
 * every bundle (a snippet uses CEL only when its language is `cel`).
 */
export interface CelModule {
  readonly parsed?: string;
  readonly celProgram: typeof celProgram;
}

export function celModuleKey(path: FieldPath): string {
  return `cel:${path.join('.')}`;
}
