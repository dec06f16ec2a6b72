import { byCluster, drawing, type Box } from './drawing.ts';
import type { GraphView } from './model.ts';

/** A Mermaid flowchart: composites as subgraphs, errors and unwired ports styled with classes. */
export function toMermaid(view: GraphView): string {
  const d = drawing(view);
  const out = ['flowchart LR'];
  const children = byCluster(d.boxes);
  const emit = (cluster: string | undefined, indent: string): void => {
    for (const c of d.clusters.filter((x) => x.parent === cluster)) {
      out.push(`${indent}subgraph ${c.id}["${text(c.lines)}"]`);
      emit(c.id, `${indent}  `);
      out.push(`${indent}end`);
      if (c.error) out.push(`${indent}style ${c.id} stroke:#c62828,stroke-width:2px`);
    }
    for (const b of children.get(cluster) ?? []) out.push(`${indent}${b.id}${shape(b)}`);
  };
  emit(undefined, '  ');
  for (const l of d.links) out.push(`  ${l.from} -->${l.label ? `|"${text([l.label])}"|` : ''} ${l.to}`);
  out.push('  classDef error fill:#ffebee,stroke:#c62828,stroke-width:2px');
  out.push('  classDef unwired stroke-dasharray:4 3');
  out.push('  classDef port fill:#eceff1,stroke:#607d8b');
  for (const b of d.boxes) {
    const cls = b.role !== 'node' ? 'port' : b.error ? 'error' : b.unreachable ? 'unwired' : undefined;
    if (cls) out.push(`  class ${b.id} ${cls}`);
  }
  return `${out.join('\n')}\n`;
}

function shape(b: Box): string {
  const lines = b.role === 'node' && b.unwired.length > 0 ? [...b.lines, `unwired: ${b.unwired.join(', ')}`] : b.lines;
  const label = `"${text(lines)}"`;
  return b.role === 'node' ? `[${label}]` : `([${label}])`;
}

/** Mermaid labels are quoted; quotes and markup characters become entities, lines are joined with `<br/>`. */
function text(lines: readonly string[]): string {
  return lines.map((s) => s.replace(/&/g, '&amp;').replace(/"/g, '#quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')).join('<br/>');
}
