import type { JsonSchema } from '@flowc/runtime/core/kind';
import { isEnvelopeKey } from '@flowc/runtime/core/envelope';

/**
 * The forms uniflow accepts that flowc reads as its own (docs/compat.md), rewritten before validation:
 *
 * - `env` as a map of single entries, `env: { PORT: { data: '{{ .PORT }}' } }`, is the list form
 *   `env: { PORT: [{ data: '{{ .PORT }}' }] }`;
 * - a number or a boolean where the kind's schema wants text (`code: 42` in a text snippet) is that
 *   text (`'42'`), as uniflow's decoder converts it.
 *
 * Returns a new prototype-less object; `data` is not changed.
 */
export function normalizeSpec(data: Record<string, unknown>, schema: JsonSchema | undefined): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(data)) {
    if (key === 'env') out[key] = envLists(value);
    else if (!isEnvelopeKey(key) && schema) out[key] = asText(value, propertySchema(schema, key));
    else out[key] = value;
  }
  return out;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function envLists(env: unknown): unknown {
  if (!isMap(env)) return env;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, entry] of Object.entries(env)) out[key] = isMap(entry) ? [entry] : entry;
  return out;
}

function propertySchema(schema: JsonSchema, key: string): JsonSchema | undefined {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties && Object.hasOwn(properties, key)) return properties[key];
  const additional = schema.additionalProperties;
  return isMap(additional) ? (additional as JsonSchema) : undefined;
}

/** Numbers and booleans become text where the schema says `type: string`, inside maps and lists too. */
function asText(value: unknown, schema: JsonSchema | undefined): unknown {
  if (!schema) return value;
  if (schema.type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return Number.isFinite(value) || typeof value === 'boolean' ? String(value) : value;
  if (Array.isArray(value) && isMap(schema.items)) return value.map((item) => asText(item, schema.items as JsonSchema));
  if (isMap(value) && (schema.properties || isMap(schema.additionalProperties))) {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) out[key] = asText(item, propertySchema(schema, key));
    return out;
  }
  return value;
}
