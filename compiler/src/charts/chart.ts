import { Ajv } from 'ajv';
import { portRefs } from '@flowc/runtime/core/schema';
import { isEnvelopeKey } from '@flowc/runtime/core/envelope';
import { chartKind } from '@flowc/runtime/kinds/index';
import { Type } from '@sinclair/typebox';
import { renderTemplate, isTemplate } from '@flowc/runtime/core/template';
import type { KindDefinition, PortRef } from '@flowc/runtime/core/kind';
import type { Diagnostics } from '../diagnostics/diagnostic.ts';
import { chartShadowsKind, duplicateName, invalidChart, missingField } from '../diagnostics/messages.ts';
import type { LocatedResource } from '../parse/document.ts';
import type { KindEntry } from '../kinds/registry.ts';
import { parseTemplate, templateKeys } from '../template/parse.ts';

/** A user-defined composite kind: inner specs, their outer ports, and the env its templates see. */
export interface ChartDef {
  readonly name: string;
  readonly namespace: string;
  readonly resource: LocatedResource;
  readonly specs: ReadonlyArray<Record<string, unknown>>;
  readonly inbounds: Readonly<Record<string, readonly PortRef[]>>;
  readonly outbounds: Readonly<Record<string, readonly PortRef[]>>;
  readonly env: Readonly<Record<string, ReadonlyArray<{ readonly id?: string; readonly name?: string; readonly data?: unknown }>>>;
}

const boundMap = { type: 'object', additionalProperties: portRefs };
export const chartSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string', minLength: 1, pattern: '^[A-Za-z_][\\w.-]*$' },
    namespace: { type: 'string', minLength: 1 },
    annotations: { type: 'object' },
    specs: { type: 'array', minItems: 1, items: { type: 'object', required: ['kind'] } },
    inbounds: boundMap,
    outbounds: boundMap,
    env: { type: 'object', additionalProperties: { type: 'array', items: { type: 'object' } } },
  },
  required: ['name', 'specs'],
};

/** Validates chart resources and turns them into kinds, one table per namespace. */
export function chartKinds(resources: readonly LocatedResource[], builtins: ReadonlyMap<string, KindEntry>, diagnostics: Diagnostics): Map<string, Map<string, KindEntry>> {
  // The chart schema is flowc's own: it is not checked against the meta-schema (which would be compiled for it).
  const validate = new Ajv({ allErrors: true, strict: false, validateSchema: false }).compile(chartSchema);
  const byNamespace = new Map<string, Map<string, KindEntry>>();
  for (const resource of resources) {
    const data = resource.data;
    if (!validate(data)) {
      for (const error of validate.errors ?? []) {
        const path = error.instancePath.split('/').filter(Boolean);
        const missing = error.keyword === 'required' ? String(error.params.missingProperty) : undefined;
        const log = missing ? missingField(missing, undefined, 'chart') : invalidChart(path.join('.'), error.message ?? 'is invalid');
        diagnostics.report(log, { at: resource.locate(path), ...(typeof data.name === 'string' ? { node: data.name } : {}) });
      }
      continue;
    }
    const def: ChartDef = {
      name: data.name as string,
      namespace: typeof data.namespace === 'string' ? data.namespace : 'default',
      resource,
      specs: data.specs as Array<Record<string, unknown>>,
      inbounds: (data.inbounds ?? {}) as ChartDef['inbounds'],
      outbounds: (data.outbounds ?? {}) as ChartDef['outbounds'],
      env: (data.env ?? {}) as ChartDef['env'],
    };
    if (builtins.has(def.name)) {
      diagnostics.report(chartShadowsKind(def.name), { at: resource.locate(['name']), node: def.name });
      continue;
    }
    let table = byNamespace.get(def.namespace);
    if (!table) byNamespace.set(def.namespace, (table = new Map()));
    const previous = table.get(def.name);
    if (previous?.chart) {
      const first = previous.chart.resource.locate(['name']);
      diagnostics.report(duplicateName('chart', def.name, `namespace \`${def.namespace}\``, first), { at: resource.locate(['name']), node: def.name });
      continue;
    }
    table.set(def.name, chartEntry(def));
  }
  return byNamespace;
}

/** The using node's fields a chart reads through its plain env entries (`{{ .file }}` → `file`). */
function parameters(def: ChartDef): string[] {
  const keys = new Set<string>();
  for (const entries of Object.values(def.env)) {
    for (const entry of entries) {
      if (entry.id !== undefined || entry.name !== undefined || typeof entry.data !== 'string' || !isTemplate(entry.data)) continue;
      try {
        for (const key of templateKeys(parseTemplate(entry.data))) if (!isEnvelopeKey(key)) keys.add(key);
      } catch {
        // Reported when the chart is instantiated.
      }
    }
  }
  return [...keys].sort();
}

function chartEntry(def: ChartDef): KindEntry {
  const params = parameters(def);
  const at = def.resource.locate([]);
  const definition: KindDefinition<never> = {
    ...(chartKind as KindDefinition<never>),
    kind: def.name,
    description: `chart defined at ${at.file}:${at.line}:${at.column}`,
    schema: Type.Object(Object.fromEntries(params.map((p) => [p, Type.Unknown()]))),
    inputs: Object.fromEntries(Object.keys(def.inbounds).map((p) => [p, {}])),
    outputs: Object.fromEntries(Object.keys(def.outbounds).map((p) => [p, {}])),
  };
  return { definition, implementation: chartKind.implementation, origin: at.file, chart: def };
}

/**
 * The env of one chart instance: plain entries are rendered now with the using node's spec as root
 * (its fields are the chart's parameters); identified entries stay, to be bound to values at start.
 */
export function instanceEnv(def: ChartDef, using: Record<string, unknown>, report: (key: string, message: string) => void): Record<string, unknown> {
  const env = Object.create(null) as Record<string, unknown>;
  for (const [key, entries] of Object.entries(def.env)) {
    env[key] = entries.map((entry) => {
      if (entry.id !== undefined || entry.name !== undefined || typeof entry.data !== 'string' || !isTemplate(entry.data)) return entry;
      try {
        return { data: renderTemplate(parseTemplate(entry.data), using) };
      } catch (error) {
        report(key, (error as Error).message);
        return entry;
      }
    });
  }
  return env;
}

/**
 * A node inside a chart sees the chart's env: its own fields (the parameters of a nested chart) are
 * rendered now with whatever that env already knows at build time. What needs a value or the
 * environment stays a template, rendered when the program starts.
 */
export function renderKnown(value: unknown, env: Record<string, unknown> | undefined): unknown {
  const root = constants(env);
  if (Object.keys(root).length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string' && isTemplate(v)) {
      try {
        return renderTemplate(parseTemplate(v), root);
      } catch {
        return v;
      }
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}

/** Env keys whose last entry is plain data without templates. */
function constants(env: Record<string, unknown> | undefined): Record<string, unknown> {
  const root = Object.create(null) as Record<string, unknown>;
  for (const [key, entries] of Object.entries(env ?? {})) {
    const last = Array.isArray(entries) ? (entries[entries.length - 1] as { id?: unknown; name?: unknown; data?: unknown } | undefined) : undefined;
    if (!last || last.id !== undefined || last.name !== undefined) continue;
    if (typeof last.data === 'string' && isTemplate(last.data)) continue;
    root[key] = last.data;
  }
  return root;
}
