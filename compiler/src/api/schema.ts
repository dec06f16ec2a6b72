import { resolve } from 'node:path';
import { specFileSchema } from '../schema/spec-schema.ts';
import { KindResolver } from './kinds.ts';
import type { SchemaOptions, SchemaResult } from './types.ts';

/**
 * The JSON Schema (draft 2020-12) of spec files for the project's kinds: the built-ins and the kinds of the
 * config and `kinds` options, as a build would load them. Problems loading a kind come back as diagnostics;
 * the schema then leaves that kind out.
 */
export async function schema(options: SchemaOptions = {}): Promise<SchemaResult> {
  const kinds = await new KindResolver().resolve(resolve(options.cwd ?? process.cwd()), options.config, options.kinds ?? []);
  const errors = kinds.diagnostics.filter((d) => d.severity === 'error');
  return { schema: specFileSchema(kinds.table), diagnostics: kinds.diagnostics, errors };
}
