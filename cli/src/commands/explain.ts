import { diagnosticsReference, diagnosticUrl, explainCode, isDiagnosticCode, unknownCodeHint } from '@flowc/compiler';

export interface ExplainFlags {
  readonly all?: boolean;
}

/** `flowc explain CODE`: what a diagnostic code means, a minimal input that gets it, and the fix. */
export function explainCommand(code: string | undefined, flags: ExplainFlags): number {
  if (flags.all) {
    process.stdout.write(diagnosticsReference());
    return 0;
  }
  if (code === undefined) {
    process.stderr.write('flowc explain: name a code, e.g. `flowc explain UNKNOWN_KIND` (or --all)\n');
    return 2;
  }
  const upper = code.toUpperCase();
  if (!isDiagnosticCode(upper)) {
    process.stderr.write(`flowc explain: no diagnostic code \`${code}\`; ${unknownCodeHint(code)}\n`);
    return 1;
  }
  process.stdout.write(`${explainCode(upper)}\nSee ${diagnosticUrl(upper)}\n`);
  return 0;
}
