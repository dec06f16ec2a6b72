import { writeFileSync } from 'node:fs';
import { graph, type GraphFormat } from '@flowc/compiler';
import { inputOptions, type InputFlags } from '../options.ts';
import { printDiagnostics } from '../render.ts';

export interface GraphFlags extends InputFlags {
  readonly format: GraphFormat;
  readonly out?: string;
}

/**
 * `flowc graph`: the picture of one namespace on stdout (or `-o file`). Problems are drawn on their
 * nodes and printed on stderr; the exit code is 1 when there are errors, though the picture is written.
 */
export async function graphCommand(inputs: readonly string[], flags: GraphFlags): Promise<number> {
  const result = await graph({ ...inputOptions(inputs, flags), format: flags.format });
  printDiagnostics(result, 'text', 'the picture marks them');
  if (flags.out) writeFileSync(flags.out, result.text);
  else process.stdout.write(result.text);
  return result.errors.length > 0 ? 1 : 0;
}
