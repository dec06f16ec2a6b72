import { schema } from '@flowc/compiler';
import { writeFile } from 'node:fs/promises';
import { inputOptions, type InputFlags } from '../options.ts';
import { printDiagnostics } from '../render.ts';

export interface SchemaFlags extends InputFlags {
  readonly out?: string;
}

/** `flowc schema`: the JSON Schema of spec files for the project's kinds, to stdout or `-o file`. */
export async function schemaCommand(flags: SchemaFlags): Promise<number> {
  const { kinds, config } = inputOptions([], flags);
  const result = await schema({ ...(kinds ? { kinds } : {}), ...(config !== undefined ? { config } : {}) });
  if (result.diagnostics.length > 0) printDiagnostics({ ...result, sources: new Map() }, 'text', 'no schema was written');
  if (result.errors.length > 0) return 1;
  const text = `${JSON.stringify(result.schema, null, 2)}\n`;
  if (flags.out) await writeFile(flags.out, text);
  else process.stdout.write(text);
  return 0;
}
