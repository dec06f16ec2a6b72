import { CODES, type CodeEntry, type DiagnosticCode } from './codes.ts';
import { didYouMean } from './suggest.ts';

/**
 * Where the diagnostics reference lives, relative to the root of the flowc repository. flowc has no published
 * site; a diagnostic's `url` is this page and the code's anchor.
 */
export const DIAGNOSTICS_PAGE = 'docs/diagnostics.md';

export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.hasOwn(CODES, code);
}

/** `docs/diagnostics.md#unknown_kind`: the anchor a Markdown renderer gives the code's heading. */
export function diagnosticUrl(code: DiagnosticCode): string {
  return `${DIAGNOSTICS_PAGE}#${code.toLowerCase()}`;
}

/** What `flowc explain CODE` prints: the code's section of the reference, as Markdown. */
export function explainCode(code: DiagnosticCode): string {
  return section(code, CODES[code]);
}

/** A hint for a code that does not exist: the closest one, or where the list is. */
export function unknownCodeHint(code: string): string {
  return didYouMean(code.toUpperCase(), Object.keys(CODES)) ?? `the codes are listed in ${DIAGNOSTICS_PAGE}`;
}

/** The whole of `docs/diagnostics.md`. */
export function diagnosticsReference(): string {
  const codes = Object.keys(CODES) as DiagnosticCode[];
  const index = codes.map((code) => `| [${code}](#${code.toLowerCase()}) | ${CODES[code].summary} |`);
  return [
    '# Diagnostics',
    '',
    '<!-- Generated from compiler/src/diagnostics/codes.ts by `npm run docs:diagnostics`; do not edit. -->',
    '',
    'Every problem flowc reports has a code. `flowc explain CODE` prints its section of this page, and',
    '`--format json` gives each diagnostic a `url` to it. Each section shows a minimal input that gets the code and',
    'the command that reports it (run in the folder holding the files).',
    '',
    '| code | meaning |',
    '|---|---|',
    ...index,
    '',
    codes.map((code) => section(code, CODES[code])).join('\n'),
  ].join('\n');
}

function section(code: DiagnosticCode, entry: CodeEntry): string {
  const lines = [`## ${code}`, '', `_${entry.summary}_`, '', entry.meaning, ''];
  if (entry.example) {
    lines.push('A minimal input that gets it:', '');
    for (const [file, text] of Object.entries(entry.example.files)) lines.push(`\`${file}\`:`, '', fence(file, text), '');
    for (const [link, target] of Object.entries(entry.example.links ?? {})) lines.push(`\`${link}\`: a link to \`${target}\`, which does not exist.`, '');
    lines.push('```sh', `$ ${entry.example.command}`, '```', '');
  }
  lines.push(`**Fix:** ${entry.fix}`, '');
  return lines.join('\n');
}

function fence(file: string, text: string): string {
  const language = /\.ya?ml$/.test(file) ? 'yaml' : /\.json$/.test(file) ? 'json' : /\.[cm]?ts$/.test(file) ? 'ts' : 'js';
  return ['```' + language, text.trimEnd(), '```'].join('\n');
}
