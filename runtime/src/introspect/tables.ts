import { NONE } from '../core/packet.ts';
import { redact } from '../core/redact.ts';
import type { Introspection, RecordedFrame, SymbolInfo } from './protocol.ts';

/** A value SQLite takes as a column: text, a number, or NULL. */
export type Cell = string | number | null;
export type TableRow = Record<string, Cell>;

/** Resources read from a store when a statement names `specs` or `values` (else the program's own). */
export interface Stored {
  readonly specs?: ReadonlyArray<Readonly<Record<string, unknown>>>;
  readonly values?: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

/** What the rows are made from, read when a statement runs. */
export interface TableSource {
  readonly namespace: string;
  readonly introspection: Introspection;
  readonly stored: Stored;
  /** Strings of the values the program bound: masked (`***`) wherever they appear. */
  readonly secrets: ReadonlySet<string>;
}

export interface TableDef {
  readonly columns: readonly string[];
  /** Columns holding JSON text, parsed back into data when a statement selects them as they are. */
  readonly json: readonly string[];
  rows(source: TableSource): Iterable<TableRow>;
}

const MASK = '***';

/**
 * The tables of the `internal` driver (uniflow's reflect plugin): the running program's `frames`,
 * `processes`, `symbols`, and the `specs` and `values` of its store (or, without one, of the program).
 * A value's data never appears: it reads `***`.
 */
export const TABLES: Readonly<Record<'frames' | 'processes' | 'symbols' | 'specs' | 'values', TableDef>> = {
  frames: {
    columns: ['id', 'process', 'namespace', 'node', 'symbol', 'kind', 'port', 'direction', 'location', 'input', 'output', 'started', 'elapsed'],
    json: ['input', 'output'],
    *rows({ introspection, secrets }) {
      for (const frame of introspection.frames()) yield frameRow(frame, secrets);
    },
  },
  processes: {
    columns: ['id', 'parent', 'status', 'frames', 'started'],
    json: [],
    *rows({ introspection }) {
      for (const p of introspection.processes()) yield { id: p.id, parent: p.parent ?? null, status: p.status, frames: p.frames, started: new Date(p.started).toISOString() };
    },
  },
  symbols: {
    columns: ['id', 'namespace', 'name', 'kind', 'location', 'inputs', 'outputs', 'spec'],
    json: ['inputs', 'outputs', 'spec'],
    *rows({ introspection, secrets }) {
      for (const s of introspection.symbols()) yield symbolRow(s, secrets);
    },
  },
  specs: {
    columns: ['id', 'namespace', 'name', 'kind', 'annotations', 'spec'],
    json: ['annotations', 'spec'],
    *rows({ introspection, stored, secrets, namespace }) {
      const specs: ReadonlyArray<Readonly<Record<string, unknown>>> = stored.specs ?? introspection.symbols().filter((s) => !s.name.includes('/')).map((s) => ({ namespace, ...s.spec }));
      for (const spec of specs) {
        yield { id: text(spec.id), namespace: text(spec.namespace), name: text(spec.name), kind: text(spec.kind), annotations: json(spec.annotations ?? null, secrets), spec: json(spec, secrets) };
      }
    },
  },
  values: {
    columns: ['id', 'namespace', 'name', 'annotations', 'data'],
    json: ['annotations'],
    *rows({ introspection, stored, secrets }) {
      const values: ReadonlyArray<Readonly<Record<string, unknown>>> = stored.values ?? introspection.values().map((v) => ({ ...v }));
      for (const v of values) yield { id: text(v.id), namespace: text(v.namespace), name: text(v.name), annotations: json(v.annotations ?? null, secrets), data: MASK };
    },
  },
};

export const TABLE_NAMES = Object.keys(TABLES) as Array<keyof typeof TABLES>;

function frameRow(f: RecordedFrame, secrets: ReadonlySet<string>): TableRow {
  return {
    id: f.id,
    process: f.process,
    namespace: f.site.namespace,
    node: f.site.node,
    symbol: f.site.id,
    kind: f.site.kind,
    port: f.site.port,
    direction: f.site.direction,
    location: f.site.loc ?? null,
    input: json(f.input, secrets),
    output: json(f.output, secrets),
    started: new Date(f.started).toISOString(),
    // Microseconds are as precise as a clock read between two packets can be.
    elapsed: f.elapsedMs === undefined ? null : Math.round(f.elapsedMs * 1000) / 1000,
  };
}

function symbolRow(s: SymbolInfo, secrets: ReadonlySet<string>): TableRow {
  return { id: s.id, namespace: s.namespace, name: s.name, kind: s.kind, location: s.loc ?? null, inputs: JSON.stringify(s.inputs), outputs: JSON.stringify(s.outputs), spec: json(s.spec, secrets) };
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** JSON text of a payload or spec, secrets masked (NULL for nothing). */
export function json(value: unknown, secrets: ReadonlySet<string>): string | null {
  const data = plain(value, secrets, 0, new Set());
  return data === undefined ? null : JSON.stringify(data);
}

const MAX_DEPTH = 32;

/**
 * Payloads as JSON data: bytes as base64 (Go's encoding/json, as uniflow shows them), errors as
 * `{error: message}`, templates of specs as their source text, None and functions as nothing.
 */
function plain(value: unknown, secrets: ReadonlySet<string>, depth: number, seen: Set<object>): unknown {
  if (value === NONE || value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value === 'string') return secrets.size > 0 ? redact(value, secrets) : value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value !== 'object' || value === null) return value;
  const template = templateSource(value);
  if (template !== undefined) return plain(template, secrets, depth, seen);
  if (value instanceof Error) return { error: plain(value.message, secrets, depth, seen) };
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH || seen.has(value)) return '…';
  seen.add(value);
  try {
    if (Array.isArray(value) || value instanceof Set) return [...value].map((item) => plain(item, secrets, depth + 1, seen) ?? null);
    const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const item = plain(v, secrets, depth + 1, seen);
      if (item !== undefined) out[k] = item;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** A spec's template (core/binding.ts `Template`, maybe of another bundle copy): its source text. */
function templateSource(value: object): string | undefined {
  const compiled = (value as { compiled?: { source?: unknown; nodes?: unknown } }).compiled;
  return compiled && typeof compiled.source === 'string' && Array.isArray(compiled.nodes) ? compiled.source : undefined;
}
