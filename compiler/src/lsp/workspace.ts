import { isAbsolute, relative, resolve } from 'node:path';
import type { JsonSchema } from '@flowc/runtime/core/kind';
import { ENVELOPE_KEYS, HOOK_PORTS, isEnvelopeKey } from '@flowc/runtime/core/envelope';
import { ALL_NAMESPACES, compileSources } from '../compile.ts';
import { CompileCache } from '../cache.ts';
import { Diagnostics, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { readInputs, type SourceFile } from '../sources/inputs.ts';
import { KindResolver } from '../api/kinds.ts';
import type { KindEntry, KindTable } from '../kinds/registry.ts';
import { ENVELOPE_DOCS } from '../schema/spec-schema.ts';
import { outline, placeAt, placeCursor, type Outline, type Span, type WrittenSpec } from './outline.ts';

export interface WorkspaceOptions {
  /** Spec files, folders or globs, relative to the root (default: the root folder). */
  readonly inputs?: readonly string[];
  readonly kinds?: readonly string[];
  readonly config?: string | false;
}

/** A place in a file: its absolute path and a span of its text. */
export interface Place {
  readonly file: string;
  readonly span: Span;
}

export interface Completion {
  readonly label: string;
  readonly kind: 'kind' | 'field' | 'port' | 'node' | 'value' | 'enum';
  readonly detail?: string;
  readonly documentation?: string;
}

/**
 * What an editor asks about a workspace of spec files, answered from the compiler: the diagnostics of a
 * whole check (every file, every namespace), and completion, hover, definition, references and rename read
 * from the specs as written and the kinds' definitions. Files are absolute paths; open documents overlay
 * the disk.
 */
export class Workspace {
  private readonly overlays = new Map<string, string>();
  private readonly resolver = new KindResolver();
  private readonly cache = new CompileCache();
  private kinds: KindTable = new Map();
  private texts = new Map<string, string>();
  private outlines = new Map<string, Outline>();

  constructor(readonly root: string, private readonly options: WorkspaceOptions = {}) {}

  open(file: string, text: string): void {
    this.overlays.set(file, text);
    this.remember(file, text);
  }

  close(file: string): void {
    this.overlays.delete(file);
  }

  text(file: string): string | undefined {
    return this.overlays.get(file) ?? this.texts.get(file);
  }

  /** Checks the workspace as `flowc check` would (every namespace): the diagnostics of each file, also the clean ones. */
  async check(): Promise<Map<string, Diagnostic[]>> {
    const project = await this.resolver.resolve(this.root, this.options.config, this.options.kinds ?? []);
    this.kinds = project.table;
    const sink = new Diagnostics([...project.diagnostics]);
    const files = this.sources(sink);
    const result = compileSources(files, { namespace: ALL_NAMESPACES, emit: false, kinds: project.table, cache: this.cache, cwd: this.root }, sink);
    const byFile = new Map<string, Diagnostic[]>(files.map((f) => [this.absolute(f.file), []]));
    for (const d of result.diagnostics) {
      if (!d.file) continue;
      const file = this.absolute(d.file);
      byFile.set(file, [...(byFile.get(file) ?? []), d]);
    }
    return byFile;
  }

  /** The span a diagnostic covers: the word (scalar, key, quoted string or bracket) at its position. */
  diagnosticSpan(file: string, d: Diagnostic): Span {
    const text = this.text(file) ?? '';
    const start = offsetOf(text, (d.line ?? 1) - 1, (d.column ?? 1) - 1);
    return { start, end: tokenEnd(text, start) };
  }

  completions(file: string, offset: number): { items: Completion[]; replace: Span } | undefined {
    const text = this.text(file);
    if (text === undefined) return undefined;
    const place = placeCursor(text, offset);
    if (!place) return undefined;
    const spec = outline(file, text).specs.find((s) => s.resource === place.resource);
    const kind = spec?.kind === undefined ? undefined : this.kinds.get(spec.kind);
    const namespace = spec?.namespace ?? 'default';
    const items = this.complete(place.path, place.on, spec, kind, namespace);
    return { items: items.filter((i) => i.label.startsWith(place.prefix) || place.prefix === ''), replace: place.word };
  }

  private complete(path: readonly (string | number)[], on: 'key' | 'value', spec: WrittenSpec | undefined, kind: KindEntry | undefined, namespace: string): Completion[] {
    const [head, port, index, leaf] = path;
    if (on === 'value' && path.length === 1 && head === 'kind') return this.kindNames(namespace);
    if (head === 'ports') {
      if (on === 'key' && path.length === 1) return outPorts(kind).map((p) => ({ label: p, kind: 'port', detail: `out-port of ${kind?.definition.kind ?? 'this node'}` }));
      if (on === 'key' && path.length === 3) return ['name', 'port', 'id'].map((label) => ({ label, kind: 'field' }));
      if (on === 'value' && path.length === 4 && leaf === 'name') return this.nodesOf(namespace).map((s) => ({ label: s.name!, kind: 'node', detail: `${s.kind} node` }));
      if (on === 'value' && path.length === 4 && leaf === 'port') {
        const ref = spec?.refs.filter((r) => r.port === port)[index as number];
        const target = ref?.name === undefined ? undefined : this.node(namespace, ref.name);
        const entry = target?.kind === undefined ? undefined : this.kinds.get(target.kind);
        return inPorts(entry).map((p) => ({ label: p, kind: 'port', detail: `in-port of ${ref?.name}` }));
      }
      return [];
    }
    if (head === 'env') {
      if (on === 'value' && path.length === 4 && leaf === 'name') return this.valuesOf(namespace).map((label) => ({ label, kind: 'value', detail: 'value' }));
      return [];
    }
    if (!kind) return on === 'key' && path.length === 0 ? ENVELOPE_KEYS.map((k) => ({ label: k, kind: 'field', documentation: ENVELOPE_DOCS[k] })) : [];
    if (on === 'key') {
      const schema = path.length === 0 ? kind.definition.schema : schemaAt(kind.definition.schema, path);
      const fields = Object.entries((schema?.properties ?? {}) as Record<string, JsonSchema>).map(([label, s]) => ({ label, kind: 'field' as const, ...describe(s) }));
      return path.length === 0 ? [...fields, ...ENVELOPE_KEYS.filter((k) => k !== 'kind').map((k) => ({ label: k, kind: 'field' as const, documentation: ENVELOPE_DOCS[k] }))] : fields;
    }
    return enumOf(schemaAt(kind.definition.schema, path)).map((label) => ({ label, kind: 'enum' }));
  }

  hover(file: string, offset: number): { markdown: string; span: Span } | undefined {
    const text = this.text(file);
    if (text === undefined) return undefined;
    const place = placeAt(text, offset);
    if (!place) return undefined;
    const spec = outline(file, text).specs.find((s) => s.resource === place.resource);
    if (!spec) return undefined;
    const kind = spec.kind === undefined ? undefined : this.kinds.get(spec.kind);
    const [head] = place.path;
    const at = (markdown: string | undefined): { markdown: string; span: Span } | undefined => (markdown ? { markdown, span: place.span } : undefined);
    if (place.on === 'value' && place.path.length === 1 && head === 'kind') return at(kind ? describeKind(kind) : undefined);
    if (place.on === 'value' && place.path.length === 1 && head === 'name') return at(this.describeNode(spec));
    if (place.on === 'value' && head === 'ports' && place.path[3] === 'name') {
      const ref = spec.refs.find((r) => r.nameSpan && r.nameSpan.start <= offset && offset <= r.nameSpan.end);
      const target = ref?.name === undefined ? undefined : this.node(spec.namespace, ref.name);
      return at(target ? this.describeNode(target) : undefined);
    }
    if (place.path.length === 1 && typeof head === 'string' && isEnvelopeKey(head) && place.on === 'key') return at(`\`${head}\`: ${ENVELOPE_DOCS[head]}`);
    if (!kind || head === 'ports' || head === 'env') return undefined;
    const schema = schemaAt(kind.definition.schema, place.path);
    const docs = schema ? describe(schema) : {};
    return at(docs.documentation ? `\`${place.path.join('.')}\` (${kind.definition.kind}): ${docs.documentation}${docs.detail ? `\n\n${docs.detail}` : ''}` : undefined);
  }

  /** From a port's `name: node` (or a node's own name) to that node's spec. */
  definition(file: string, offset: number): Place | undefined {
    const target = this.nodeAt(file, offset);
    return target?.nameSpan ? { file: target.file, span: target.nameSpan } : undefined;
  }

  /** Every place that names the node at `offset`: each port leading to it, and its own name when asked. */
  references(file: string, offset: number, includeDeclaration: boolean): Place[] {
    const target = this.nodeAt(file, offset);
    if (!target?.name) return [];
    const places: Place[] = includeDeclaration && target.nameSpan ? [{ file: target.file, span: target.nameSpan }] : [];
    for (const spec of this.specs()) {
      if (spec.namespace !== target.namespace) continue;
      for (const ref of spec.refs) if (ref.name === target.name && ref.nameSpan) places.push({ file: spec.file, span: ref.nameSpan });
    }
    return places;
  }

  /** The edits that rename the node at `offset` everywhere it is named. */
  rename(file: string, offset: number, newName: string): Array<Place & { readonly newText: string }> {
    return this.references(file, offset, true).map((place) => ({ ...place, newText: newName }));
  }

  private nodeAt(file: string, offset: number): WrittenSpec | undefined {
    const text = this.text(file);
    if (text === undefined) return undefined;
    const spec = outline(file, text).specs.find((s) => s.span.start <= offset && offset <= s.span.end);
    if (!spec) return undefined;
    if (spec.nameSpan && spec.nameSpan.start <= offset && offset <= spec.nameSpan.end) return this.node(spec.namespace, spec.name!) ?? spec;
    const ref = spec.refs.find((r) => r.nameSpan && r.nameSpan.start <= offset && offset <= r.nameSpan.end);
    return ref?.name === undefined ? undefined : this.node(spec.namespace, ref.name);
  }

  private describeNode(spec: WrittenSpec): string {
    const lines = [`**${spec.name}**: \`${spec.kind}\` node in namespace \`${spec.namespace}\``];
    const sends = spec.refs.map((r) => `\`${r.port}\` → \`${r.name ?? '?'}\`.\`${r.target ?? '?'}\``);
    const receives = this.specs().flatMap((s) => (s.namespace === spec.namespace ? s.refs.filter((r) => r.name === spec.name).map((r) => `\`${s.name}\`.\`${r.port}\``) : []));
    if (sends.length) lines.push(`sends: ${sends.join(', ')}`);
    if (receives.length) lines.push(`receives from: ${receives.join(', ')}`);
    if (!sends.length && !receives.length) lines.push('not wired');
    return lines.join('\n\n');
  }

  private kindNames(namespace: string): Completion[] {
    const kinds = [...this.kinds.values()].filter((k) => !k.chart).map((k) => ({ label: k.definition.kind, kind: 'kind' as const, documentation: k.definition.description }));
    const charts = [...this.outlines.values()].flatMap((o) => o.charts.filter((c) => c.namespace === namespace)).map((c) => ({ label: c.name, kind: 'kind' as const, detail: 'chart' }));
    return [...kinds, ...charts].sort((a, b) => a.label.localeCompare(b.label));
  }

  private nodesOf(namespace: string): WrittenSpec[] {
    return this.specs().filter((s) => s.namespace === namespace && s.name !== undefined);
  }

  private valuesOf(namespace: string): string[] {
    return [...new Set([...this.outlines.values()].flatMap((o) => o.values.filter((v) => v.namespace === namespace).map((v) => v.name)))].sort();
  }

  private node(namespace: string, name: string): WrittenSpec | undefined {
    return this.specs().find((s) => s.namespace === namespace && s.name === name);
  }

  private specs(): WrittenSpec[] {
    return [...this.outlines.values()].flatMap((o) => o.specs);
  }

  /** The workspace's files as the compiler reads them: from disk, with open documents instead where open. */
  private sources(sink: Diagnostics): SourceFile[] {
    // Without `inputs`, every YAML/JSON file of the folder that holds a spec, chart or value is one of the
    // workspace (so package.json, tsconfig.json or a compose file are not reported on).
    const ours = (text: string): boolean => this.options.inputs !== undefined || holdsResources(text);
    const files = readInputs(this.options.inputs ?? ['.'], sink, this.root)
      .map((f) => ({ file: f.file, text: this.overlays.get(this.absolute(f.file)) ?? f.text }))
      .filter((f) => ours(f.text));
    const listed = new Set(files.map((f) => this.absolute(f.file)));
    for (const [file, text] of this.overlays) if (!listed.has(file) && ours(text)) files.push({ file: this.display(file), text });
    this.texts = new Map(files.map((f) => [this.absolute(f.file), f.text]));
    this.outlines = new Map();
    for (const [file, text] of this.texts) this.remember(file, text);
    return files;
  }

  private remember(file: string, text: string): void {
    this.outlines.set(file, outline(file, text));
  }

  private absolute(file: string): string {
    return isAbsolute(file) ? file : resolve(this.root, file);
  }

  private display(file: string): string {
    const rel = relative(this.root, file);
    return rel.startsWith('..') ? file : rel;
  }
}

function holdsResources(text: string): boolean {
  const found = outline('', text);
  return found.specs.length + found.charts.length + found.values.length > 0;
}

function outPorts(kind: KindEntry | undefined): string[] {
  return kind ? [...Object.keys(kind.definition.outputs), ...HOOK_PORTS] : [...HOOK_PORTS];
}

function inPorts(kind: KindEntry | undefined): string[] {
  return kind ? Object.keys(kind.definition.inputs) : [];
}

function describeKind(kind: KindEntry): string {
  const { kind: name, description, inputs, outputs } = kind.definition;
  const ports = (decls: object): string => Object.keys(decls).map((p) => `\`${p}\``).join(', ') || '(none)';
  return `**${name}**: ${description}\n\nin: ${ports(inputs)}; out: ${ports(outputs)}`;
}

function describe(schema: JsonSchema): { documentation?: string; detail?: string } {
  const values = enumOf(schema);
  const detail = [schema.default !== undefined ? `default: \`${JSON.stringify(schema.default)}\`` : '', values.length ? `one of: ${values.map((v) => `\`${v}\``).join(', ')}` : ''].filter(Boolean).join('; ');
  return { ...(typeof schema.description === 'string' ? { documentation: schema.description } : {}), ...(detail ? { detail } : {}) };
}

function enumOf(schema: JsonSchema | undefined): string[] {
  if (!schema) return [];
  if (Array.isArray(schema.enum)) return schema.enum.map(String);
  for (const key of ['anyOf', 'oneOf'] as const) if (Array.isArray(schema[key])) return (schema[key] as JsonSchema[]).flatMap(enumOf);
  return [];
}

/** The schema of the value at `path` inside a kind's fields. */
function schemaAt(schema: JsonSchema | undefined, path: readonly (string | number)[]): JsonSchema | undefined {
  let current = schema;
  for (const step of path) {
    current = current === undefined ? undefined : child(current, step);
  }
  return current;
}

function child(schema: JsonSchema, step: string | number): JsonSchema | undefined {
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (!Array.isArray(schema[key])) continue;
    for (const branch of schema[key] as JsonSchema[]) {
      const found = child(branch, step);
      if (found) return found;
    }
  }
  if (typeof step === 'number') return isSchema(schema.items) ? schema.items : undefined;
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties && Object.hasOwn(properties, step)) return properties[step];
  return isSchema(schema.additionalProperties) ? schema.additionalProperties : undefined;
}

function isSchema(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function offsetOf(text: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + character, text.length);
}

/** The end of the token starting at `start`: a quoted string, a flow collection on one line, or a plain word. */
function tokenEnd(text: string, start: number): number {
  const lineEnd = text.indexOf('\n', start) === -1 ? text.length : text.indexOf('\n', start);
  const first = text[start];
  if (first === '"' || first === "'") {
    const close = text.indexOf(first, start + 1);
    return close !== -1 && close < lineEnd ? close + 1 : lineEnd;
  }
  if (first === '[' || first === '{') {
    const close = text.lastIndexOf(first === '[' ? ']' : '}', lineEnd);
    return close > start ? close + 1 : lineEnd;
  }
  let end = start;
  while (end < lineEnd && !/[\s,\]}#]/.test(text[end]!) && !(text[end] === ':' && /[\s]|^$/.test(text[end + 1] ?? ''))) end++;
  return Math.max(end, Math.min(start + 1, lineEnd));
}
