import { isEmptyPlan, type NamespacePlan } from './diff.ts';

type WrittenValue = { readonly namespace: string; readonly name: string; readonly op: 'store' | 'swap' | 'unchanged' };

/**
 * A plan as a terminal shows it, terraform-style: `+` added, `-` removed, `~` changed. `values` are the values
 * a `planApply` of values writes (names only).
 */
export function formatPlan(plans: readonly NamespacePlan[], values: readonly WrittenValue[] = []): string {
  const written = values.filter((v) => v.op !== 'unchanged').map((v) => `    ${v.op === 'store' ? '+' : '~'} value \`${v.name}\` in \`${v.namespace}\`${v.op === 'swap' ? ' (its data changes; not shown)' : ''}`);
  const graph = plans.filter((p) => !isEmptyPlan(p)).map(formatNamespace);
  if (graph.length === 0 && written.length === 0) return 'No changes: the compiled graphs are the same (only formatting or comments differ, if anything).\n';
  return [...graph, ...(written.length > 0 ? [`values:\n${written.join('\n')}\n`] : [])].join('\n');
}

function formatNamespace(plan: NamespacePlan): string {
  const q = (s: string): string => `\`${s}\``;
  const lines = [`namespace ${q(plan.namespace)}: ${plan.added.length} to add, ${plan.changed.length} to change, ${plan.removed.length} to remove`];
  const section = (title: string, rows: readonly string[]): void => {
    if (rows.length > 0) lines.push('', `  ${title}:`, ...rows.map((r) => `    ${r}`));
  };
  section('nodes', [
    ...plan.added.map((n) => `+ ${q(n.name)} (${n.kind})`),
    ...plan.changed.map((n) => `~ ${q(n.name)} (${n.previousKind ? `${n.previousKind} → ` : ''}${n.kind})${n.fields.length ? `: ${n.fields.join(', ')}` : ''}`),
    ...plan.removed.map((n) => `- ${q(n.name)} (${n.kind})`),
  ]);
  section('edges', [...plan.edges.added.map((e) => `+ ${e.from} → ${e.to}`), ...plan.edges.removed.map((e) => `- ${e.from} → ${e.to}`)]);
  section('listeners that rebind', plan.listeners.map((l) => (l.from === undefined ? `+ ${q(l.node)} binds ${l.to}` : l.to === undefined ? `- ${q(l.node)} releases ${l.from}` : `~ ${q(l.node)}: ${l.from} → ${l.to}`)));
  section('state not handed over (the node starts afresh)', plan.state.map((s) => `${q(s.node)}: ${s.because.join(', ')} changed`));
  section('value bindings', plan.values.map((v) => `~ ${q(v.node)} env ${q(v.key)}: ${names(v.from)} → ${names(v.to)}`));
  return `${lines.join('\n')}\n`;
}

function names(list: readonly string[]): string {
  return list.length === 0 ? '(none)' : list.map((n) => `\`${n}\``).join(', ');
}
