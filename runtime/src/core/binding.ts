import type { TSchema } from '@sinclair/typebox';
import type { JsonSchema } from './kind.ts';
import { secretStrings } from './redact.ts';
import { MissingTemplateKeyError, renderTemplate, type CompiledTemplate } from './template.ts';

/** A named datum (often a secret) that specs bind through `env`. Its data never enters a bundle. */
export interface Value {
  readonly id?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly data: unknown;
}

/** A template string of a spec, parsed by the compiler; rendered when the program starts. */
export class Template {
  constructor(readonly compiled: CompiledTemplate) {}
}

export function tpl(compiled: CompiledTemplate): Template {
  return new Template(compiled);
}

/** One entry of a spec's `env` key: identified (`id`/`name` → a value) or plain. */
export interface EnvEntryDecl {
  readonly id?: string;
  readonly name?: string;
  readonly data?: unknown;
}

/**
 * Builds the template root of one node: the shared environment overlaid with the node's own `env`
 * bindings (the last entry of each key wins). Problems name the node and the key, never the data.
 */
export function bindSpecEnv(
  entries: Readonly<Record<string, readonly EnvEntryDecl[]>> | undefined,
  env: Readonly<Record<string, unknown>>,
  values: readonly Value[],
  namespace: string,
  where: string,
  problems: string[],
  secrets?: Set<string>,
): Readonly<Record<string, unknown>> {
  if (!entries) return env;
  const root: Record<string, unknown> = { ...env };
  for (const [key, list] of Object.entries(entries)) {
    for (const entry of list) {
      const identified = entry.id !== undefined || entry.name !== undefined;
      let data: unknown = entry.data;
      if (identified) {
        const value = values.find(
          (v) =>
            (v.namespace ?? 'default') === namespace &&
            (entry.id === undefined || v.id === entry.id) &&
            (entry.name === undefined || v.name === entry.name),
        );
        if (!value) {
          problems.push(`${where}: env \`${key}\` binds value \`${entry.name ?? entry.id}\`, which does not exist in namespace \`${namespace}\``);
          continue;
        }
        if (secrets) secretStrings(value.data, secrets);
        data = entry.data === undefined ? value.data : render(entry.data, value.data, `${where}: env \`${key}\``, problems);
      } else {
        data = render(entry.data, env, `${where}: env \`${key}\``, problems);
      }
      root[key] = data;
    }
  }
  return root;
}

function render(data: unknown, root: unknown, where: string, problems: string[]): unknown {
  if (!(data instanceof Template)) return data;
  try {
    return renderTemplate(data.compiled, root);
  } catch (error) {
    problems.push(describe(error, where));
    return undefined;
  }
}

function describe(error: unknown, where: string): string {
  if (error instanceof MissingTemplateKeyError) {
    return `${where}: template key \`${error.key}\` is not set (pass --env ${error.key}=…, set the environment variable ${error.key}, or bind a value)`;
  }
  return `${where}: ${(error as Error).message}`;
}

/**
 * Renders every template inside a node's fields and coerces rendered text to the type the kind's
 * schema asks for (`"8000"` → 8000). Returns undefined when a problem was recorded.
 */
export function bindFields(
  schema: TSchema,
  fields: Readonly<Record<string, unknown>>,
  root: Readonly<Record<string, unknown>>,
  rawFields: readonly string[] | undefined,
  where: string,
  problems: string[],
): Record<string, unknown> | undefined {
  const before = problems.length;
  const out: Record<string, unknown> = {};
  // A kind's TypeBox schema is a plain JSON Schema object (TypeBox's own marks are symbol keys): it is read as one from here on.
  const json = schema as unknown as JsonSchema;
  const props = (json.properties ?? {}) as Record<string, JsonSchema>;
  for (const [key, value] of Object.entries(fields)) {
    setOwn(out, key, rawFields?.includes(key) ? value : bindValue(value, own(props, key), root, `${where} field \`${key}\``, problems));
  }
  return problems.length === before ? out : undefined;
}

/** Keys such as `__proto__` and `constructor` are data: never read from, or written to, the prototype. */
function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function bindValue(value: unknown, schema: JsonSchema | undefined, root: unknown, where: string, problems: string[]): unknown {
  if (value instanceof Template) {
    let text: string;
    try {
      text = renderTemplate(value.compiled, root);
    } catch (error) {
      problems.push(describe(error, where));
      return undefined;
    }
    return coerce(text, schema, where, problems);
  }
  if (Array.isArray(value)) {
    const items = schema?.items as JsonSchema | undefined;
    return value.map((v, i) => bindValue(v, items, root, `${where}[${i}]`, problems));
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, bindValue(v, own(props, k), root, `${where}.${k}`, problems));
    return out;
  }
  return value;
}

function schemaTypes(schema: JsonSchema | undefined): readonly string[] {
  if (!schema) return [];
  const t = schema.type;
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t as string[];
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  return alternatives ? alternatives.flatMap(schemaTypes) : [];
}

interface NumberRange {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
}

/** The bounds the field's schema (or its numeric alternative) sets, which a built-time literal had to meet too. */
function numberRange(schema: JsonSchema | undefined): NumberRange | undefined {
  if (!schema) return undefined;
  const bounds = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const;
  if (bounds.some((b) => typeof schema[b] === 'number')) return schema as NumberRange;
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  return alternatives?.map(numberRange).find((range) => range !== undefined);
}

function inRange(n: number, r: NumberRange): boolean {
  return !((r.minimum !== undefined && n < r.minimum) || (r.maximum !== undefined && n > r.maximum) || (r.exclusiveMinimum !== undefined && n <= r.exclusiveMinimum) || (r.exclusiveMaximum !== undefined && n >= r.exclusiveMaximum));
}

function describeRange(r: NumberRange): string {
  const low = r.minimum !== undefined ? `from ${r.minimum}` : r.exclusiveMinimum !== undefined ? `above ${r.exclusiveMinimum}` : '';
  const high = r.maximum !== undefined ? `to ${r.maximum}` : r.exclusiveMaximum !== undefined ? `below ${r.exclusiveMaximum}` : '';
  return [low, high].filter(Boolean).join(' ');
}

/** Rendered templates are text; typed fields parse it, as uniflow does after templating. */
function coerce(text: string, schema: JsonSchema | undefined, where: string, problems: string[]): unknown {
  const types = schemaTypes(schema);
  if (types.length === 0 || types.includes('string')) return text;
  const trimmed = text.trim();
  if ((types.includes('integer') && /^[+-]?\d+$/.test(trimmed)) || (types.includes('number') && trimmed !== '' && Number.isFinite(Number(trimmed)))) {
    const number = Number(trimmed);
    const range = numberRange(schema);
    if (range && !inRange(number, range)) {
      problems.push(`${where}: the rendered template is not ${types.includes('integer') ? 'an integer' : 'a number'} ${describeRange(range)}`);
      return undefined;
    }
    return number;
  }
  if (types.includes('boolean') && (trimmed === 'true' || trimmed === 'false')) return trimmed === 'true';
  // The rendered text is not echoed: it may carry a secret value.
  problems.push(`${where}: the rendered template is not a valid ${types.join(' or ')}`);
  return undefined;
}
