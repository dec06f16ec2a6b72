import { stringify } from 'yaml';
import { REDACTED, type Applied, type Resource, type ResourceType } from '@flowc/compiler';

export { REDACTED };

export type OutputFormat = 'table' | 'yaml' | 'json';


/** Values' data is a secret: shown as `***` unless asked for. */
export function redact(type: ResourceType, r: Resource, showSecrets: boolean): Resource {
  return type === 'values' && !showSecrets && 'data' in r ? { ...r, data: REDACTED } : r;
}

const OPS: Record<Applied['op'] | 'delete', string> = { store: 'created', swap: 'configured', unchanged: 'unchanged', delete: 'deleted' };

type Column = readonly [header: string, cell: (r: Resource, row: number) => string];

const COLUMNS: Record<ResourceType, readonly Column[]> = {
  specs: [
    ['NAMESPACE', (r) => r.namespace],
    ['NAME', (r) => r.name ?? ''],
    ['KIND', (r) => String(r.kind ?? '')],
    ['ID', (r) => r.id],
  ],
  values: [
    ['NAMESPACE', (r) => r.namespace],
    ['NAME', (r) => r.name ?? ''],
    ['DATA', (r) => (r.data === REDACTED ? REDACTED : clip(JSON.stringify(r.data) ?? ''))],
    ['ID', (r) => r.id],
  ],
  charts: [
    ['NAMESPACE', (r) => r.namespace],
    ['NAME', (r) => r.name ?? ''],
    ['SPECS', (r) => String(Array.isArray(r.specs) ? r.specs.length : 0)],
    ['ID', (r) => r.id],
  ],
};

/** Renders resources; `ops` (same order) adds a leading column saying what happened to each. */
export function render(type: ResourceType, resources: readonly Resource[], format: OutputFormat, ops?: ReadonlyArray<Applied['op'] | 'delete'>): string {
  if (format === 'json') return `${JSON.stringify(resources, null, 2)}\n`;
  if (format === 'yaml') return resources.length === 0 ? '[]\n' : stringify(resources, { lineWidth: 0, aliasDuplicateObjects: false });
  const columns: Column[] = [...COLUMNS[type]];
  if (ops) columns.unshift(['RESULT', (_, row) => OPS[ops[row]!]]);
  const rows = [columns.map(([h]) => h), ...resources.map((r, row) => columns.map(([, cell]) => cell(r, row)))];
  const widths = columns.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]! + 2))).join('')).join('\n') + '\n';
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
