/**
 * The wording of every diagnostic, one function per code (sorted as in codes.ts), so that messages
 * and hints stay consistent wherever a problem is found. A producer adds only where (`at`, `node`,
 * `notes`): `diagnostics.report(unknownKind(kind, known), { at, node })`.
 *
 * Problems a kind finds in its own fields (its `check` hook) and problems in CEL expressions are worded
 * by the kind and by lang/cel-check.ts; `kindProblem` and `expressionProblem` carry them over.
 */
import type { FieldProblem } from '@flowc/runtime/core/kind';
import type { CelProblem } from '@flowc/runtime/lang/cel-check';
import type { DiagnosticCode } from './codes.ts';
import type { Position, Severity } from './diagnostic.ts';
import { didYouMean } from './suggest.ts';
import { LIMITS, type LimitName } from './limits.ts';

/** What a diagnostic says, apart from where: its code, message and hint. */
export interface Log {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly hint?: string;
  readonly severity?: Severity;
}

const at = (p: Position): string => `${p.file}:${p.line}:${p.column}`;
const quote = (s: string): string => `\`${s}\``;
const list = (items: readonly string[]): string => items.map(quote).join(', ');

export const CEL_HINT = 'expressions are CEL with the input as `self`; see docs/cel.md';

/** `namespace \`ns\``, or `the inner specs of \`outer\`` for a composite's private scope. */
export function describeScope(scope: string): string {
  const slash = scope.indexOf('/');
  return slash === -1 ? `namespace ${quote(scope)}` : `the inner specs of ${quote(scope.slice(slash + 1))}`;
}

/** esbuild could not bundle a program (an import that does not resolve or compile). */
export function bundleFailed(namespace: string, detail: string): Log {
  return { code: 'BUNDLE_FAILED', message: `bundling namespace ${quote(namespace)} failed: ${detail}`, hint: 'a kind implementation or a snippet import does not resolve or does not compile; fix it and build again' };
}

export function chartCycle(chart: string, through: string): Log {
  return {
    code: 'CHART_CYCLE',
    message: `chart ${quote(chart)} uses itself (through ${quote(through)})`,
    hint: 'charts may use other charts, but not in a cycle; break the cycle',
  };
}

export function chartShadowsKind(name: string): Log {
  return { code: 'CHART_SHADOWS_KIND', message: `chart ${quote(name)} has the name of a built-in kind`, hint: `rename the chart; ${quote(name)} always means the built-in kind` };
}

/** `found` describes what the module exports as default instead of a function, when that is known. */
export function codeNoDefaultExport(found?: string): Log {
  return {
    code: 'CODE_NO_DEFAULT_EXPORT',
    message: found === undefined ? 'the snippet code does not export a function as default' : `the snippet code exports ${found} as default, not a function`,
    hint: 'write `export default function (input) { … }` (or assign `module.exports`)',
  };
}

export type CodeLanguage = 'json' | 'yaml' | 'js' | 'ts';

const LANGUAGE_NAMES: Readonly<Record<CodeLanguage, string>> = { json: 'invalid JSON', yaml: 'invalid YAML', js: 'JavaScript syntax error', ts: 'TypeScript syntax error' };
const CODE_HINTS: Readonly<Record<CodeLanguage, string>> = {
  json: 'the code of a json snippet must be one JSON value',
  yaml: 'the code of a yaml snippet must be one YAML document',
  js: 'fix the snippet code; it is compiled into the bundle at build time',
  ts: 'fix the snippet code; it is compiled into the bundle at build time',
};

export function codeSyntax(language: CodeLanguage, detail: string): Log {
  return { code: 'CODE_SYNTAX', message: `${LANGUAGE_NAMES[language]}: ${detail}`, hint: CODE_HINTS[language] };
}

export function codeUnresolvedImport(specifier: string, detail: string): Log {
  return {
    code: 'CODE_UNRESOLVED_IMPORT',
    message: `the snippet imports ${quote(specifier)}, which cannot be resolved: ${detail}`,
    hint: 'install the package next to the spec file (its node_modules), or fix the path; relative imports resolve from the spec file\'s folder',
  };
}

export function configInvalid(message: string): Log {
  return { code: 'CONFIG_INVALID', message, hint: 'a config is `{ kinds?: string[], store?: string }`; see docs/api.md' };
}

export function duplicateId(id: string, where: string, first: Position): Log {
  return { code: 'DUPLICATE_ID', message: `a node with id ${quote(id)} already exists in ${where}`, hint: `give each node its own id; the first is at ${at(first)}` };
}

export function duplicateName(what: 'node' | 'chart', name: string, where: string, first: Position): Log {
  return { code: 'DUPLICATE_NAME', message: `a ${what} named ${quote(name)} already exists in ${where}`, hint: `rename one of them; the first is at ${at(first)}` };
}

export function emptyNamespace(namespace: string, defined: readonly string[]): Log {
  return {
    code: 'EMPTY_NAMESPACE',
    message: `namespace ${quote(namespace)} has no nodes`,
    hint: defined.length > 0 ? `the inputs define: ${defined.join(', ')}; pass --namespace` : 'pass files that contain node specs',
  };
}

export function expressionProblem(problem: CelProblem): Log {
  if (problem.kind === 'limit') {
    const depth = problem.limit === 'depth';
    return limitExceeded(depth ? 'expressionDepth' : 'expressionSize', problem.found ?? 0, depth ? 'the expression nests too deeply' : 'the expression is too long');
  }
  return { code: problem.kind === 'syntax' ? 'EXPRESSION_SYNTAX' : 'EXPRESSION_UNKNOWN', message: problem.message, hint: problem.hint ?? CEL_HINT };
}

export function fieldType(field: string, expected: string, got: string): Log {
  return { code: 'FIELD_TYPE', message: `${quote(field)} must be ${article(expected)}, not ${got}`, hint: `write ${quote(field)} as ${article(expected)}` };
}

/** A value outside what the schema accepts: one of `allowed`, or the validator's own words. */
export function fieldValue(field: string, problem: { readonly allowed: readonly string[]; readonly value: unknown } | { readonly message: string }): Log {
  if ('message' in problem) return { code: 'FIELD_VALUE', message: `${quote(field || 'spec')} ${problem.message}`, hint: 'see `docs/nodes/` for the fields this kind accepts' };
  const { allowed, value } = problem;
  return {
    code: 'FIELD_VALUE',
    message: `${quote(field)} must be one of ${list(allowed)}; got ${JSON.stringify(value)}`,
    hint: (typeof value === 'string' ? didYouMean(value, allowed) : undefined) ?? `use one of: ${allowed.join(', ')}`,
  };
}

export function fileUnreadable(file: string, reason: string): Log {
  return { code: 'FILE_UNREADABLE', message: `cannot read ${quote(file)}: ${reason}` };
}

export function outputUnwritable(path: string, reason: string): Log {
  return { code: 'OUTPUT_UNWRITABLE', message: `cannot write ${quote(path)}: ${reason}`, hint: 'write the output into a folder flowc may create files in (`-o dist/app.mjs`); nothing was written' };
}

export function inputNotFound(input: string): Log {
  return { code: 'INPUT_NOT_FOUND', message: `${quote(input)} matches no file`, hint: 'pass a YAML or JSON file, a folder of them, or a quoted glob such as "flows/**/*.yaml"' };
}

/** A failure of flowc itself while handling `stage`; the input is probably fine. */
export function internal(stage: string, error: unknown): Log {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    code: 'INTERNAL',
    message: `flowc failed while ${stage}: ${detail.split('\n')[0]}`,
    hint: 'this is a bug in flowc, not in your spec: please report it with the file that caused it',
  };
}

export function invalidChart(field: string, detail: string): Log {
  return { code: 'INVALID_CHART', message: `chart ${quote(field || 'chart')} ${detail}`, hint: 'a chart has `name`, `specs` (its inner nodes), and optional `inbounds`, `outbounds` and `env`' };
}

export function invalidSpec(): Log {
  return { code: 'INVALID_SPEC', message: 'expected a spec (a map with `kind`, `name`, `ports`…)', hint: 'each entry of the file must be a map; a list of specs is written with `- kind: …`' };
}

export function kindHookFailed(kind: string, hook: string, error: unknown): Log {
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'KIND_HOOK_FAILED',
    message: `the ${quote(hook)} hook of kind ${quote(kind)} threw: ${message.split('\n')[0]}`,
    hint: `this is a bug in the kind ${quote(kind)}, not in the spec; report it to the kind's author`,
  };
}

export function kindInvalid(module: string, kind: string | undefined, problem: string): Log {
  return { code: 'KIND_INVALID', message: `${quote(module)} exports an invalid kind${kind === undefined ? '' : ` ${quote(kind)}`}: ${problem}`, hint: 'define kinds with `defineKind` from `@flowc/runtime`; see docs/extending.md' };
}

export function kindInvalidSchema(kind: string, module: string, problem: string): Log {
  return {
    code: 'KIND_INVALID_SCHEMA',
    message: `the schema of kind ${quote(kind)} (${quote(module)}) is not a valid JSON Schema: ${problem}`,
    hint: 'build the schema with `Type` from `@flowc/runtime/schema`, or write JSON Schema (draft-07 keywords)',
  };
}

export function kindModuleFailed(what: string, detail: string, listed?: Position, code: 'KIND_MODULE_FAILED' | 'CONFIG_INVALID' = 'KIND_MODULE_FAILED'): Log {
  return { code, message: `${what} ${detail}`, hint: listed ? `fix the module (listed at ${at(listed)}) and build again` : 'a module loaded at build time should only define things; fix it and build again' };
}

export function kindModuleNotFound(what: string, from: string): Log {
  return { code: 'KIND_MODULE_NOT_FOUND', message: `cannot find ${what} (looked from ${from})`, hint: 'a path is relative to the config file (or the working directory for --kinds); a package must be installed' };
}

export function kindNameClash(module: string, kind: string, previous: string, builtin: boolean): Log {
  return {
    code: 'KIND_NAME_CLASH',
    message: `${quote(module)} defines kind ${quote(kind)}, which ${quote(previous)} already defines`,
    hint: builtin ? 'built-in kinds cannot be replaced: give the kind another name' : 'kind names are global: rename one of them',
  };
}

export function kindNotAKind(module: string): Log {
  return { code: 'KIND_NOT_A_KIND', message: `${quote(module)} exports no node kind`, hint: 'export the result of `defineKind({ kind, description, schema, inputs, outputs, implementation })`, as default or named' };
}

/** A problem a kind's `check` hook found in its own fields, in the kind's words. */
export function kindProblem(problem: FieldProblem): Log {
  return { code: problem.code ?? 'FIELD_VALUE', message: problem.message, ...(problem.hint === undefined ? {} : { hint: problem.hint }) };
}

/** `found` is what was counted (a depth, a size); `subject` says what exceeded the limit. */
export function limitExceeded(limit: LimitName, found: number | string, subject: string): Log {
  const { max, unit, hint } = LIMITS[limit];
  const counted = unit ? `${found} ${unit}` : String(found);
  return { code: 'LIMIT_EXCEEDED', message: `${subject}: ${counted} is over the limit of ${max} (${limit})`, hint: `${hint}; see docs/limits.md` };
}

export function listenConflict(address: string, first: Position): Log {
  return { code: 'LISTEN_CONFLICT', message: `another node already listens on ${address}`, hint: `give each listener its own port; the first is at ${at(first)}` };
}

export function malformedPort(port: string): Log {
  return { code: 'MALFORMED_PORT', message: `${quote(port)} is not a port name`, hint: 'write a port as `name` or `name[index]` with a number index, e.g. `out` or `out[1]`' };
}

export function missingField(field: string, within: string | undefined, what: 'spec' | 'chart' = 'spec'): Log {
  if (what === 'chart') return { code: 'MISSING_FIELD', message: `chart is missing ${quote(field)}`, hint: 'a chart has `name`, `specs` (its inner nodes), and optional `inbounds`, `outbounds` and `env`' };
  const full = within ? `${within}.${field}` : field;
  return { code: 'MISSING_FIELD', message: `missing required field ${quote(full)}`, hint: `add ${quote(`${field}:`)} to ${within ? quote(within) : 'the spec'}` };
}

export function nodeInOtherNamespace(label: string, namespace: string, scope: string): Log {
  return {
    code: 'NODE_IN_OTHER_NAMESPACE',
    message: `${quote(label)} exists in namespace ${quote(namespace)}, not ${quote(scope)}`,
    hint: 'namespaces are isolated: move both nodes into one namespace, or connect to a node of this one',
  };
}

/** `chartEnv` names the chart env entry the template sits in, when it is one. */
export function templateSyntax(detail: string, chartEnv?: string): Log {
  if (chartEnv !== undefined) {
    return {
      code: 'TEMPLATE_SYNTAX',
      message: `chart env ${quote(chartEnv)}: ${detail}`,
      hint: "a chart env entry without `name`/`id` is rendered with the using node's fields: `{{ .file }}`",
    };
  }
  return { code: 'TEMPLATE_SYNTAX', message: `template ${detail}`, hint: 'templates are Go text/template: `{{ .KEY }}`, `{{ printf "%s" .KEY }}`, `{{ if .X }}…{{ end }}`' };
}

/** A `*.test.yaml` file or one of its cases has a wrong shape. */
export function testInvalid(message: string, hint: string): Log {
  return { code: 'TEST_INVALID', message, hint };
}

/** A test case names a node (to mock, to send to, to assert on) that the workflow does not have. */
export function testUnknownNode(what: string, name: string, known: readonly string[]): Log {
  const suggestion = didYouMean(name, known);
  return { code: 'TEST_UNKNOWN_NODE', message: `${what} names node ${quote(name)}, which the workflow does not have`, hint: suggestion ?? (known.length > 0 ? `nodes: ${list(known.slice(0, 12))}${known.length > 12 ? ', …' : ''}` : 'the workflow has no nodes: check `specs` of the test file') };
}

/** A test case names a port the node's kind does not have. */
export function testUnknownPort(node: string, port: string, ports: readonly string[]): Log {
  return { code: 'TEST_UNKNOWN_PORT', message: `node ${quote(node)} has no port ${quote(port)}`, hint: ports.length > 0 ? `its ports: ${list(ports)}` : 'the node has no such ports' };
}

export function unknownField(kind: string, field: string, known: readonly string[], envelope: readonly string[]): Log {
  return {
    code: 'UNKNOWN_FIELD',
    severity: 'warning',
    message: `${quote(kind)} has no field ${quote(field)}; it is ignored`,
    hint: didYouMean(field, [...known, ...envelope]) ?? `known fields: ${known.join(', ') || '(none)'}`,
  };
}

/** `elsewhere` is a namespace whose charts define this kind. */
export function unknownKind(kind: string, known: readonly string[], namespace: string, elsewhere: string | undefined): Log {
  return {
    code: 'UNKNOWN_KIND',
    message: `unknown node kind ${quote(kind)}`,
    hint: elsewhere ? `${quote(kind)} is a chart of namespace ${quote(elsewhere)}, not ${quote(namespace)}` : (didYouMean(kind, known) ?? `known kinds: ${[...known].sort().join(', ')}`),
  };
}

export function unknownNode(label: string, scope: string, name: string | undefined, candidates: readonly string[]): Log {
  return {
    code: 'UNKNOWN_NODE',
    message: `no node ${quote(label)} in ${describeScope(scope)}`,
    hint: (name ? didYouMean(name, candidates) : undefined) ?? `define a node named ${quote(label)} or fix the reference`,
  };
}

/** `declared` is the port's declaration when only its index is wrong (a port that is not indexed). */
export function unknownPort(kind: string, node: string, direction: 'input' | 'output', port: string, base: string, declared: boolean, ports: ReadonlyArray<readonly [string, { readonly indexed?: boolean }]>, hooks: readonly string[]): Log {
  const known = ports.map(([n, d]) => (d.indexed ? `${n}[N]` : n));
  return {
    code: 'UNKNOWN_PORT',
    message: `${quote(kind)} node ${quote(node)} has no ${direction} port ${quote(port)}`,
    hint: declared
      ? `${quote(base)} is not indexed; write ${quote(base)}`
      : (didYouMean(port, [...ports.map(([n]) => n), ...(direction === 'output' ? hooks : [])]) ?? `its ${direction} ports: ${known.join(', ') || '(none)'}`),
  };
}

export function unknownValue(key: string, label: string, namespace: string, names: readonly string[]): Log {
  return {
    code: 'UNKNOWN_VALUE',
    message: `env ${quote(key)} binds value ${quote(label)}, which does not exist in namespace ${quote(namespace)}`,
    hint: names.length > 0 ? `values in this namespace: ${list(names)}` : 'add the value to the values file, or fix the name',
  };
}

/** A values file entry of the wrong shape (the rule is runtime/src/core/values-file.ts); never quotes data. */
export function valuesInvalid(problem: string): Log {
  const [message, ...example] = problem.split('\n');
  return { code: 'VALUES_INVALID', message: message!, hint: example.length > 0 ? `for example:\n${example.join('\n')}` : 'each entry is `- name: <name>` with `data: <value>` (and optionally `namespace`)' };
}

export function yamlSyntax(detail: string, hint = 'fix the YAML syntax (indentation, quotes, a missing `:`) at this position'): Log {
  return { code: 'YAML_SYNTAX', message: detail, hint };
}

/** A quoted string or flow collection that is never closed, reported where it opens. */
export function yamlUnclosed(what: 'double-quoted string' | 'single-quoted string' | 'flow sequence' | 'flow map'): Log {
  const close = { 'double-quoted string': '"', 'single-quoted string': "'", 'flow sequence': ']', 'flow map': '}' }[what];
  return { code: 'YAML_SYNTAX', message: `this ${what} is never closed`, hint: `close it with \`${close}\`; everything after it was read as part of it` };
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** How a value is named in a message: `a map`, `a string ("x")`, `.inf`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  return `${article(typeof value)} (${JSON.stringify(value)})`;
}
