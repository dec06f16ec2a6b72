import { esc, toSvg } from './svg.ts';
import type { GraphView } from './model.ts';

/**
 * A self-contained page: the SVG inline, the view as JSON, and a small script (no external resource)
 * that zooms with the wheel, pans by dragging and shows a clicked node's location, ports and problems.
 */
export function toHtml(view: GraphView): string {
  const data = JSON.stringify(view).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>flowc graph: ${esc(view.namespace)}</title>
<style>
body{margin:0;display:flex;height:100vh;font:13px Helvetica,Arial,sans-serif;color:#263238}
#canvas{flex:1;overflow:hidden;cursor:grab;background:#fafafa}
#canvas svg{transform-origin:0 0}
#panel{width:320px;border-left:1px solid #cfd8dc;padding:12px;overflow:auto;background:#fff}
#panel h2{font-size:15px;margin:0 0 8px}
#panel pre{white-space:pre-wrap;background:#eceff1;padding:6px;border-radius:4px}
.node{cursor:pointer}.node.selected rect{stroke:#1565c0;stroke-width:3}
.problem{color:#c62828}
</style>
</head>
<body>
<div id="canvas">${toSvg(view)}</div>
<div id="panel"><h2>namespace ${esc(view.namespace)}</h2><p>${view.nodes.length} node(s), ${view.edges.length} edge(s). Click a node.</p>${
    view.problems.map((p) => `<p class="problem">${esc(`${p.code}: ${p.message}`)}</p>`).join('')
  }</div>
<script type="application/json" id="view">${data}</script>
<script>
(() => {
  const view = JSON.parse(document.getElementById('view').textContent);
  const byKey = new Map(view.nodes.map((n) => [n.key, n]));
  const canvas = document.getElementById('canvas');
  const svg = canvas.querySelector('svg');
  const panel = document.getElementById('panel');
  let scale = 1, x = 0, y = 0, drag;
  const apply = () => { svg.style.transform = 'translate(' + x + 'px,' + y + 'px) scale(' + scale + ')'; };
  canvas.addEventListener('wheel', (e) => { e.preventDefault(); scale = Math.min(4, Math.max(0.1, scale * (e.deltaY < 0 ? 1.1 : 0.9))); apply(); }, { passive: false });
  canvas.addEventListener('mousedown', (e) => { drag = { x: e.clientX - x, y: e.clientY - y }; });
  window.addEventListener('mouseup', () => { drag = undefined; });
  window.addEventListener('mousemove', (e) => { if (drag) { x = e.clientX - drag.x; y = e.clientY - drag.y; apply(); } });
  const text = (tag, value, cls) => { const el = document.createElement(tag); el.textContent = value; if (cls) el.className = cls; return el; };
  svg.addEventListener('click', (e) => {
    const g = e.target.closest('[data-key]');
    if (!g) return;
    const n = byKey.get(g.getAttribute('data-key'));
    svg.querySelectorAll('.selected').forEach((s) => s.classList.remove('selected'));
    g.classList.add('selected');
    panel.replaceChildren(
      text('h2', n.key),
      text('p', n.kind + (n.composite ? ' (composite)' : '')),
      text('p', n.location.file + ':' + n.location.line + ':' + n.location.column),
      text('pre', 'in:  ' + (n.inputs.join(', ') || '-') + '\\nout: ' + (n.outputs.join(', ') || '-') +
        (n.unwired.inputs.length + n.unwired.outputs.length ? '\\nunwired: ' + [...n.unwired.inputs.map((p) => p + ' (in)'), ...n.unwired.outputs].join(', ') : '')),
      ...n.problems.map((p) => text('p', p.severity + ' ' + p.code + ': ' + p.message, 'problem')),
    );
  });
})();
</script>
</body>
</html>
`;
}
