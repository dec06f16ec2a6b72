import { byCluster, drawing, type Box } from './drawing.ts';
import type { GraphView } from './model.ts';

/** A Graphviz digraph: composites as `cluster_` subgraphs, errors in red, unreachable in-ports dashed. */
export function toDot(view: GraphView): string {
  const d = drawing(view);
  const out = [`digraph ${quote(view.namespace)} {`, '  rankdir=LR;', '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];'];
  const children = byCluster(d.boxes);
  const emit = (cluster: string | undefined, indent: string): void => {
    for (const c of d.clusters.filter((x) => x.parent === cluster)) {
      out.push(`${indent}subgraph cluster_${c.id} {`);
      out.push(`${indent}  label=${quote(c.lines.join('\n'))}; style=rounded; color=${c.error ? '"#c62828"' : '"#90a4ae"'};`);
      emit(c.id, `${indent}  `);
      out.push(`${indent}}`);
    }
    for (const b of children.get(cluster) ?? []) out.push(`${indent}${b.id} [${attributes(b)}];`);
  };
  emit(undefined, '  ');
  for (const l of d.links) out.push(`  ${l.from} -> ${l.to}${l.label ? ` [label=${quote(l.label)}]` : ''};`);
  out.push('}');
  return `${out.join('\n')}\n`;
}

function attributes(b: Box): string {
  const lines = b.role === 'node' && b.unwired.length > 0 ? [...b.lines, `unwired: ${b.unwired.join(', ')}`] : b.lines;
  const attrs = [`label=${quote(lines.join('\n'))}`];
  if (b.role !== 'node') attrs.push('shape=ellipse', 'fillcolor="#eceff1"', 'fontsize=9');
  else if (b.error) attrs.push('color="#c62828"', 'fillcolor="#ffebee"', 'penwidth=2');
  else if (b.unreachable) attrs.push('style="rounded,filled,dashed"');
  return attrs.join(', ');
}

/** A DOT string literal: backslashes and quotes escaped, newlines as centred line breaks. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
