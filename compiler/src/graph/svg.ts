import { drawing } from './drawing.ts';
import { boxLines, FONT, layout, type Layout } from './layout.ts';
import type { GraphView } from './model.ts';

/**
 * A self-contained SVG: no external fonts, styles or scripts. Every node is a `<g class="node">` with
 * `data-key` (its key in the view) and a `<title>` holding its location and problems.
 */
export function toSvg(view: GraphView): string {
  return svgOf(view, layout(drawing(view)));
}

export function svgOf(view: GraphView, placed: Layout): string {
  const nodes = new Map(view.nodes.map((n) => [n.key, n]));
  const width = Math.max(placed.width, 120);
  const height = Math.max(placed.height, 40);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="Helvetica, Arial, sans-serif" font-size="${FONT.size}">`,
    `<title>${esc(`namespace ${view.namespace}`)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#546e7a"/></marker></defs>',
    '<style>.node rect{fill:#fff;stroke:#546e7a;stroke-width:1.2}.node.error rect{fill:#ffebee;stroke:#c62828;stroke-width:2}.node.unreachable rect{stroke-dasharray:4 3}.node.port rect{fill:#eceff1;stroke:#90a4ae}.cluster rect{fill:#f5f9fc;stroke:#90a4ae;stroke-width:1}.cluster.error rect{stroke:#c62828;stroke-width:2}.link{fill:none;stroke:#546e7a;stroke-width:1.2}.kind{fill:#455a64}.loc{fill:#78909c;font-size:10px}.unwired{fill:#ef6c00;font-size:10px}.label{fill:#37474f;font-size:10px}</style>',
  ];
  for (const c of placed.clusters) {
    const n = nodes.get(c.item.node)!;
    out.push(`<g class="cluster${c.item.error ? ' error' : ''}" data-key="${esc(n.key)}"><title>${esc(titleOf(n))}</title>`);
    out.push(`<rect x="${r(c.x)}" y="${r(c.y)}" width="${r(c.width)}" height="${r(c.height)}" rx="8"/>`);
    c.item.lines.forEach((line, i) => out.push(`<text x="${r(c.label.x + 10)}" y="${r(c.label.y + 6 + FONT.line * (i + 1) - 3)}"${i === 0 ? ' font-weight="bold"' : ' class="loc"'}>${esc(line)}</text>`));
    out.push('</g>');
  }
  for (const [i, l] of placed.links.entries()) {
    const d = l.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p.x)},${r(p.y)}`).join('');
    // data-edge: the index of the wire in the view's `edges` (one link is drawn per edge, in order).
    out.push(`<path class="link" data-edge="${i}" data-from="${l.item.from}" data-to="${l.item.to}" d="${d}" marker-end="url(#arrow)"/>`);
    if (l.item.label && l.points.length > 0) {
      const mid = l.points[Math.floor(l.points.length / 2)]!;
      out.push(`<text class="label" x="${r(mid.x)}" y="${r(mid.y - 3)}" text-anchor="middle">${esc(l.item.label)}</text>`);
    }
  }
  for (const b of placed.boxes) {
    const n = nodes.get(b.item.node)!;
    const classes = ['node', b.item.role !== 'node' ? 'port' : '', b.item.error ? 'error' : '', b.item.unreachable ? 'unreachable' : ''].filter(Boolean);
    out.push(`<g class="${classes.join(' ')}" id="${b.item.id}" data-key="${esc(n.key)}"${b.item.role !== 'node' ? ` data-role="${b.item.role}"` : ''}><title>${esc(titleOf(n))}</title>`);
    out.push(`<rect x="${r(b.x)}" y="${r(b.y)}" width="${r(b.width)}" height="${r(b.height)}" rx="5"/>`);
    boxLines(b.item).forEach((line, i) => {
      const cls = b.item.role !== 'node' ? '' : i === 0 ? ' font-weight="bold"' : i === 1 ? ' class="kind"' : i === 2 ? ' class="loc"' : ' class="unwired"';
      out.push(`<text x="${r(b.x + 10)}" y="${r(b.y + 6 + FONT.line * (i + 1) - 3)}"${cls}>${esc(line)}</text>`);
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function titleOf(n: GraphView['nodes'][number]): string {
  const head = `${n.key} (${n.kind}) at ${n.location.file}:${n.location.line}:${n.location.column}`;
  return [head, ...n.problems.map((p) => `${p.severity} ${p.code}: ${p.message}`)].join('\n');
}

function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** XML text and attribute escaping. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
