import type { JsonSchema } from '@flowc/runtime/core/kind';
import { HOOK_PORTS, type EnvelopeKey } from '@flowc/runtime/core/envelope';
import { envelopeSchema } from '../validate/validate.ts';
import { chartSchema } from '../charts/chart.ts';
import type { KindEntry, KindTable } from '../kinds/registry.ts';

/** The JSON Schema (draft 2020-12) of a spec file, for editors: what `flowc schema` writes. */
export type SpecFileSchema = Record<string, unknown>;

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

/** What each envelope key means, shown by editors on hover. */
export const ENVELOPE_DOCS: Readonly<Record<EnvelopeKey, string>> = {
  id: 'a unique id of the node in its namespace; ports may name the node by it',
  kind: 'the node kind: a built-in, an extension loaded by flowc.config, or a chart of the namespace',
  namespace: 'the namespace (one program) the node belongs to (default `default`)',
  name: 'the name ports use to lead to this node, unique in its namespace',
  annotations: 'free-form text labels; flowc does not read them',
  ports: "this node's out-ports, each a list of connections to another node's in-port",
  env: 'template variables of this node, bound to values (secrets) by `name`/`id`, or given as `data`',
};

const PORT_REF_DOCS = { name: 'the node to send to', id: 'the node to send to, by id', port: "an in-port of that node, e.g. `in` or `in[1]`" };

/**
 * One branch per kind, discriminated on `kind`, each with the envelope, the kind's fields (their descriptions,
 * defaults and enums) and its out-ports; charts and values as flowc tells them apart by shape. A `{{ }}` string
 * is accepted wherever flowc accepts one: in place of any value, rendered when the program starts.
 */
export function specFileSchema(kinds: KindTable): SpecFileSchema {
  const entries = [...kinds.values()].filter((k) => !k.chart).sort((a, b) => a.definition.kind.localeCompare(b.definition.kind));
  const names = entries.map((k) => k.definition.kind);
  const defs: Record<string, unknown> = {
    resource: {
      anyOf: [{ $ref: '#/$defs/spec' }, { $ref: '#/$defs/chart' }, { $ref: '#/$defs/value' }],
    },
    spec: {
      type: 'object',
      required: ['kind'],
      properties: { kind: { type: 'string', description: ENVELOPE_DOCS.kind, anyOf: [{ enum: names }, { type: 'string' }] } },
      anyOf: [...names.map((name) => ({ $ref: `#/$defs/kinds/${encode(name)}` })), { $ref: '#/$defs/otherKind' }],
    },
    kinds: Object.fromEntries(entries.map((entry) => [entry.definition.kind, kindBranch(entry)])),
    otherKind: {
      description: 'a kind this schema does not know: a chart of the namespace; `flowc check` checks it',
      type: 'object',
      properties: { ...envelope(), kind: { type: 'string', not: { enum: names } }, ports: { type: 'object', additionalProperties: portRefs() } },
    },
    chart: chart(),
    value: value(),
    portRefs: portRefs(),
    template: { type: 'string', pattern: '\\{\\{', description: 'a `{{ }}` template, rendered when the program starts' },
  };
  return {
    $schema: DRAFT,
    title: 'flowc spec file',
    description: 'Node specs (and charts and values) of a flowc workflow: one, a list, or several YAML documents.',
    anyOf: [{ $ref: '#/$defs/resource' }, { type: 'array', items: { $ref: '#/$defs/resource' } }],
    $defs: defs,
  };
}

function kindBranch(entry: KindEntry): JsonSchema {
  const { kind, description, schema, outputs } = entry.definition;
  const fields = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const ports: Record<string, unknown> = {};
  const indexed: Record<string, unknown> = {};
  for (const [port, decl] of Object.entries(outputs)) {
    ports[port] = { $ref: '#/$defs/portRefs', ...(decl.description ? { description: decl.description } : {}) };
    if (decl.indexed) indexed[`^${escapeRegExp(port)}\\[(0|[1-9][0-9]*)\\]$`] = { $ref: '#/$defs/portRefs' };
  }
  for (const hook of HOOK_PORTS) ports[hook] = { $ref: '#/$defs/portRefs', description: `sent the node's spec when the program ${hook === 'init' ? 'starts' : 'stops'}` };
  return {
    title: kind,
    description,
    type: 'object',
    required: ['kind', ...((schema.required as string[] | undefined) ?? [])],
    properties: {
      ...envelope(),
      kind: { const: kind, description },
      ports: { type: 'object', description: ENVELOPE_DOCS.ports, properties: ports, patternProperties: indexed, additionalProperties: false },
      ...Object.fromEntries(Object.entries(fields).map(([field, fieldSchema]) => [field, templated(fieldSchema)])),
    },
    additionalProperties: false,
  };
}

function envelope(): Record<string, unknown> {
  const props = envelopeSchema.properties as Record<EnvelopeKey, JsonSchema>;
  return Object.fromEntries(Object.entries(props).map(([key, schema]) => {
    const described = { ...schema, description: ENVELOPE_DOCS[key as EnvelopeKey] };
    if (key === 'ports') return [key, { ...described, additionalProperties: { $ref: '#/$defs/portRefs' } }];
    if (key === 'env') return [key, envSchema()];
    return [key, described];
  }));
}

function envSchema(): JsonSchema {
  const entry = {
    type: 'object',
    properties: { name: { type: 'string', description: 'the value to bind, by name' }, id: { type: 'string', description: 'the value to bind, by id' }, data: { description: "the variable's data: a template over the value's data, or a constant" } },
    additionalProperties: false,
  };
  return { type: 'object', description: ENVELOPE_DOCS.env, additionalProperties: { type: 'array', items: entry } };
}

function portRefs(): JsonSchema {
  return {
    type: 'array',
    items: {
      type: 'object',
      properties: { name: { type: 'string', description: PORT_REF_DOCS.name }, id: { type: 'string', description: PORT_REF_DOCS.id }, port: { type: 'string', minLength: 1, description: PORT_REF_DOCS.port } },
      required: ['port'],
      additionalProperties: false,
    },
  };
}

function chart(): JsonSchema {
  const props = chartSchema.properties as Record<string, JsonSchema>;
  const bounds = { type: 'object', additionalProperties: { $ref: '#/$defs/portRefs' } };
  return {
    description: 'a chart: a kind of its own name, made of specs, used like any kind by the specs of its namespace',
    type: 'object',
    required: chartSchema.required,
    not: { required: ['kind'] },
    properties: {
      ...props,
      name: { ...props.name, description: 'the kind this chart defines' },
      specs: { ...props.specs, description: 'the inner specs', items: { $ref: '#/$defs/spec' } },
      inbounds: { ...bounds, description: "the chart's in-ports, each leading to inner nodes' in-ports" },
      outbounds: { ...bounds, description: "the chart's out-ports, each the out-port of an inner node" },
      env: { ...envSchema(), description: "template variables of the inner specs; an entry without `name`/`id` is rendered with the using node's fields" },
    },
  };
}

function value(): JsonSchema {
  return {
    description: 'a value (often a secret) that specs bind through `env`; its data never enters a bundle',
    type: 'object',
    required: ['data'],
    not: { required: ['kind'] },
    properties: {
      id: { type: 'string' },
      name: { type: 'string', description: 'the name `env` entries bind it by' },
      namespace: { type: 'string', minLength: 1 },
      annotations: { type: 'object', additionalProperties: { type: 'string' } },
      data: { description: 'the data: any YAML value' },
    },
    additionalProperties: false,
  };
}

/** Keywords a `{{ }}` string may violate until it is rendered (as validate.ts defers them). */
const DEFERRED = ['type', 'enum', 'pattern', 'minimum', 'maximum', 'anyOf', 'oneOf', 'const', 'format'];
/** Kept outside the `anyOf`, so that an editor shows them on hover. */
const ANNOTATIONS = ['title', 'description', 'default', 'examples'];

/** The field's schema, where a template may also stand for the value or any part of it. */
function templated(schema: JsonSchema): JsonSchema {
  const inner: Record<string, unknown> = {};
  const outer: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.includes(key)) outer[key] = value;
    else inner[key] = descend(key, value);
  }
  if (!DEFERRED.some((k) => k in schema) || (schema.type === 'string' && Object.keys(inner).every((k) => k === 'type' || k === 'minLength'))) return { ...outer, ...inner };
  return { ...outer, anyOf: [inner, { $ref: '#/$defs/template' }] };
}

function descend(key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (key === 'properties' || key === 'patternProperties' || key === '$defs') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, templated(v as JsonSchema)]));
  if (key === 'items' || key === 'additionalProperties' || key === 'contains') return Array.isArray(value) ? value.map((v) => templated(v as JsonSchema)) : templated(value as JsonSchema);
  if (key === 'anyOf' || key === 'oneOf' || key === 'allOf' || key === 'prefixItems') return (value as JsonSchema[]).map(templated);
  return value;
}

function encode(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
