import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Diagnostics } from '../diagnostics/diagnostic.ts';
import { describeValue, fieldType, fieldValue, missingField, unknownField } from '../diagnostics/messages.ts';
import type { LocatedResource, Path } from '../parse/document.ts';
import type { KindEntry } from '../kinds/registry.ts';
import type { JsonSchema } from '@flowc/runtime/core/kind';
import type { Memo } from '../cache.ts';
import { isTemplate } from '@flowc/runtime/core/template';
import { portRefs } from '@flowc/runtime/core/schema';
import { normalizeSpec } from './normalize.ts';
import { ENVELOPE_KEYS, isEnvelopeKey, type EnvelopeKey } from '@flowc/runtime/core/envelope';


export const envelopeSchema: { type: 'object'; properties: Record<EnvelopeKey, unknown>; required: string[] } = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1 },
    kind: { type: 'string', minLength: 1 },
    namespace: { type: 'string', minLength: 1 },
    name: { type: 'string', minLength: 1 },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    ports: { type: 'object', additionalProperties: portRefs },
    env: {
      type: 'object',
      additionalProperties: {
        type: 'array',
        items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
      },
    },
  },
  required: ['kind'],
};

/** Compiles the envelope schema and one schema per kind, once, and validates specs against them. */
export class SpecValidator {
  private readonly ajv = finiteNumbers(new Ajv({ allErrors: true, strict: false }));
  private readonly envelope: ValidateFunction = this.ajv.compile(envelopeSchema);
  private readonly byKind = new Map<string, ValidateFunction>();

  /** With a memo, specs that validated cleanly before are not validated again. */
  constructor(private readonly clean?: Memo<true>) {}

  /**
   * Validates the envelope and, when the kind is known, its fields. Returns the spec in the form flowc
   * reads (see normalize.ts), or undefined when it has an error.
   */
  validate(resource: LocatedResource, data: Record<string, unknown>, base: Path, kind: KindEntry | undefined, node: string, diagnostics: Diagnostics): Record<string, unknown> | undefined {
    const spec = normalizeSpec(data, kind?.definition.schema);
    const key = this.clean && kind ? `${kind.definition.kind}\u0000${JSON.stringify(kind.chart ? kind.definition.schema : null)}\u0000${JSON.stringify(spec)}` : undefined;
    if (key !== undefined && this.clean?.get(key)) return spec;
    const before = diagnostics.errors.length;
    const reported = diagnostics.list.length;
    if (!this.envelope(spec)) report(this.envelope.errors ?? [], spec, resource, base, node, diagnostics);
    if (kind) {
      const validateFields = this.fieldsValidator(kind);
      const fields = kindFields(spec);
      if (!validateFields(fields)) report(validateFields.errors ?? [], fields, resource, base, node, diagnostics);
      warnUnknownFields(kind, fields, resource, base, node, diagnostics);
    }
    if (key !== undefined && diagnostics.list.length === reported) this.clean?.set(key, true);
    return diagnostics.errors.length === before ? spec : undefined;
  }

  private fieldsValidator(kind: KindEntry): ValidateFunction {
    // Chart kinds are user-defined: the same name may carry another schema in the next build.
    const key = kind.chart ? `${kind.definition.kind}\u0000${JSON.stringify(kind.definition.schema)}` : kind.definition.kind;
    let fn = this.byKind.get(key);
    if (!fn) this.byKind.set(key, (fn = this.ajv.compile(requireFinite(kind.definition.schema) as JsonSchema)));
    return fn;
  }
}

/** The kind fields of a spec: every key but the envelope, in a prototype-less object (`__proto__` is data). */
export function kindFields(data: Record<string, unknown>): Record<string, unknown> {
  const fields = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(data)) if (!isEnvelopeKey(k)) fields[k] = v;
  return fields;
}

function warnUnknownFields(kind: KindEntry, fields: Record<string, unknown>, resource: LocatedResource, base: Path, node: string, diagnostics: Diagnostics): void {
  const known = Object.keys((kind.definition.schema.properties ?? {}) as object);
  for (const field of Object.keys(fields)) {
    if (known.includes(field)) continue;
    diagnostics.report(unknownField(kind.definition.kind, field, known, ENVELOPE_KEYS), { at: resource.locateKey([...base, field]), node });
  }
}

/**
 * YAML has `.inf` and `.nan`, which no kind accepts as a number and which ajv counts as integers:
 * every `number` and `integer` in a schema also requires a finite value.
 */
const FINITE = { integer: 'finiteInteger', number: 'finiteNumber' } as const;

function finiteNumbers(ajv: Ajv): Ajv {
  for (const keyword of Object.values(FINITE)) ajv.addKeyword({ keyword, type: 'number', schemaType: 'boolean', errors: false, validate: (_: boolean, data: number) => Number.isFinite(data) });
  return ajv;
}

function requireFinite(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(requireFinite);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // Plain data, not subschemas: their keys are names, not keywords.
    out[key] = key === 'enum' || key === 'const' || key === 'default' || key === 'examples' ? value : key === 'properties' || key === 'patternProperties' || key === '$defs' ? mapValues(value, requireFinite) : requireFinite(value);
  }
  const types = Array.isArray(out.type) ? (out.type as unknown[]) : [out.type];
  if (types.includes('integer')) out[FINITE.integer] = true;
  else if (types.includes('number')) out[FINITE.number] = true;
  return out;
}

function mapValues(value: unknown, fn: (v: unknown) => unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fn(v)]));
}

function pointerToPath(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let v: unknown = root;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

/** Keywords that a `{{ template }}` string may legitimately violate until it is rendered at start. */
const DEFERRED = new Set(['type', 'enum', 'pattern', 'minimum', 'maximum', 'anyOf', 'oneOf', 'const', 'format']);

function report(errors: readonly ErrorObject[], data: unknown, resource: LocatedResource, base: Path, node: string, diagnostics: Diagnostics): void {
  const seen = new Set<string>();
  for (const error of errors) {
    const path = pointerToPath(error.instancePath);
    const value = valueAt(data, path);
    if (DEFERRED.has(error.keyword) && typeof value === 'string' && isTemplate(value)) continue;
    // anyOf reports each failed branch too; the anyOf error itself is the useful one.
    if (error.schemaPath.includes('/anyOf/')) continue;
    const field = path.join('.');
    const dedupe = `${error.instancePath}|${error.keyword}|${error.params.missingProperty ?? ''}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    const where = { at: resource.locate([...base, ...path]), node };
    if (error.keyword === 'required') diagnostics.report(missingField(String(error.params.missingProperty), field || undefined), where);
    else if (error.keyword === 'type') diagnostics.report(fieldType(field, String(error.params.type), describeValue(value)), where);
    else if (error.keyword === FINITE.integer || error.keyword === FINITE.number) diagnostics.report(fieldType(field, error.keyword === FINITE.integer ? 'integer' : 'number', describeValue(value)), where);
    else if (error.keyword === 'enum') diagnostics.report(fieldValue(field, { allowed: (error.params.allowedValues as unknown[]).map(String), value }), where);
    else diagnostics.report(fieldValue(field, { message: error.message ?? 'is invalid' }), where);
  }
}
