import dagre from '@dagrejs/dagre';
import type { Box, Cluster, Drawing, Link } from './drawing.ts';

export interface Placed<T> {
  readonly item: T;
  /** Top-left corner and size. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly Placed<Box>[];
  /** Each cluster, and where its label is (laid out as a box of its own inside it, so nothing covers it). */
  readonly clusters: ReadonlyArray<Placed<Cluster> & { readonly label: { readonly x: number; readonly y: number } }>;
  readonly links: ReadonlyArray<{ readonly item: Link; readonly points: ReadonlyArray<{ readonly x: number; readonly y: number }> }>;
}

/** Text metrics of the drawing's font, estimated: no browser measures it at build time. */
export const FONT = { size: 12, line: 15, char: 6.8, small: 5.8 } as const;
const PAD = 10;

/** Positions every box, cluster and link with dagre (layered, left to right). */
export function layout(d: Drawing): Layout {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 48, edgesep: 10, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  // The first two lines (name, kind) are in the normal font, the rest (location, unwired ports) smaller.
  const size = (lines: readonly string[]): { width: number; height: number } => ({
    width: Math.ceil(Math.max(...lines.map((l, i) => l.length * (i < 2 ? FONT.char : FONT.small)), 4 * FONT.char) + 2 * PAD),
    height: lines.length * FONT.line + 2 * PAD - 4,
  });
  for (const c of d.clusters) {
    g.setNode(c.id, {});
    g.setNode(labelId(c), size(c.lines));
    g.setParent(labelId(c), c.id);
  }
  for (const b of d.boxes) g.setNode(b.id, size(boxLines(b)));
  for (const c of d.clusters) if (c.parent) g.setParent(c.id, c.parent);
  for (const b of d.boxes) if (b.cluster) g.setParent(b.id, b.cluster);
  d.links.forEach((l, i) => {
    const label = l.label ? { width: l.label.length * FONT.char * 0.85, height: FONT.line, labelpos: 'c' } : {};
    g.setEdge(l.from, l.to, label, `e${i}`);
  });
  dagre.layout(g);

  const place = <T extends { id: string }>(item: T): Placed<T> => {
    const n = g.node(item.id);
    return { item, x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height };
  };
  const graph = g.graph();
  return {
    width: Math.ceil(graph.width ?? 0),
    height: Math.ceil(graph.height ?? 0),
    boxes: d.boxes.map(place),
    clusters: d.clusters.map((c) => {
      const label = g.node(labelId(c));
      return { ...place(c), label: { x: label.x - label.width / 2, y: label.y - label.height / 2 } };
    }),
    links: d.links.map((item, i) => ({ item, points: g.edge({ v: item.from, w: item.to, name: `e${i}` }).points ?? [] })),
  };
}

function labelId(c: Cluster): string {
  return `${c.id}_label`;
}

/** The lines a box shows: its own, plus the ports nothing is wired to. */
export function boxLines(b: Box): readonly string[] {
  return b.role === 'node' && b.unwired.length > 0 ? [...b.lines, `unwired: ${b.unwired.join(', ')}`] : b.lines;
}
