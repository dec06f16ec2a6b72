/**
 * The live view's page: self-contained (no external resource). It draws the graph the server laid out,
 * puts the figures pushed over server-sent events on wires and nodes, shows a clicked node's spec,
 * location, recent frames and last error, and redraws on a swap, outlining the nodes that changed.
 */
export function livePage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>flowc live</title>
<style>
body{margin:0;display:flex;height:100vh;font:13px Helvetica,Arial,sans-serif;color:#263238}
#canvas{flex:1;overflow:auto;background:#fafafa}
#panel{width:360px;border-left:1px solid #cfd8dc;padding:12px;overflow:auto;background:#fff}
#panel pre{white-space:pre-wrap;background:#eceff1;padding:6px;border-radius:4px;font-size:11px}
#status{color:#607d8b}
.node{cursor:pointer}.node.selected rect{stroke:#1565c0;stroke-width:3}
.node.changed rect{stroke:#ef6c00;stroke-width:3}
.node.failing rect{fill:#ffebee}
.stats{fill:#1565c0;font-size:10px}.rate{fill:#2e7d32;font-size:10px;font-weight:bold}
.error{color:#c62828}
</style>
</head>
<body>
<div id="canvas"></div>
<div id="panel"><h2>flowc live</h2><p id="status">connecting…</p><div id="detail">Click a node.</div></div>
<script>
(() => {
  const token = new URLSearchParams(location.search).get('token');
  const withToken = (path) => token ? path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token) : path;
  const canvas = document.getElementById('canvas');
  const status = document.getElementById('status');
  const detail = document.getElementById('detail');
  const SVG = 'http://www.w3.org/2000/svg';
  let view, selected, draws = 0;

  const text = (tag, value, cls) => { const el = document.createElement(tag); el.textContent = value; if (cls) el.className = cls; return el; };

  async function draw() {
    const res = await fetch(withToken('/graph'));
    if (!res.ok) { status.textContent = 'waiting for a good build…'; return; }
    const data = await res.json();
    view = data.view;
    canvas.innerHTML = data.svg;
    for (const key of data.changed) canvas.querySelectorAll('g.node[data-key="' + CSS.escape(key) + '"]').forEach((g) => g.classList.add('changed'));
    draws++;
    document.body.dataset.draws = String(draws);
    status.textContent = 'namespace ' + view.namespace + ': ' + view.nodes.length + ' node(s)' + (draws > 1 ? ', redrawn after a swap' : '');
    if (selected) show(selected);
  }

  function label(parent, cls, x, y, value) {
    let t = parent.querySelector(':scope > text.' + cls.split(' ').join('.'));
    if (!t) { t = document.createElementNS(SVG, 'text'); t.setAttribute('class', cls); parent.appendChild(t); }
    t.setAttribute('x', x); t.setAttribute('y', y); t.textContent = value;
  }

  function stats(s) {
    if (!view) return;
    const svg = canvas.querySelector('svg');
    svg.querySelectorAll('path.link').forEach((path) => {
      const edge = view.edges[Number(path.dataset.edge)];
      if (!edge || edge.from.side === 'inbound') return;
      const rate = s.ports[edge.from.node + '\\u0000' + edge.from.port] || 0;
      const mid = path.getPointAtLength(path.getTotalLength() / 2);
      label(svg, 'rate edge-' + path.dataset.edge, mid.x, mid.y + 12, rate.toFixed(1) + '/s');
    });
    svg.querySelectorAll('g.node[data-key]').forEach((g) => {
      if (g.dataset.role) return;
      const n = s.nodes[g.dataset.key];
      if (!n) return;
      const r = g.querySelector('rect');
      const x = Number(r.getAttribute('x')), y = Number(r.getAttribute('y')) + Number(r.getAttribute('height'));
      label(g, 'stats', x + 4, y + 11, n.packets + ' pkts · ' + (n.meanMs === undefined ? '–' : n.meanMs.toFixed(2) + ' ms') + ' · ' + n.errors + ' err');
      g.dataset.packets = String(n.packets);
      g.classList.toggle('failing', n.errors > 0);
    });
  }

  async function show(key) {
    selected = key;
    canvas.querySelectorAll('.selected').forEach((s) => s.classList.remove('selected'));
    canvas.querySelectorAll('g.node[data-key="' + CSS.escape(key) + '"]:not([data-role])').forEach((g) => g.classList.add('selected'));
    const res = await fetch(withToken('/node?key=' + encodeURIComponent(key)));
    if (!res.ok) return;
    const d = await res.json();
    const loc = d.node.location;
    detail.replaceChildren(
      text('h3', d.node.key),
      text('p', d.node.kind + ' at ' + loc.file + ':' + loc.line + ':' + loc.column, 'location'),
      text('h4', 'spec'), text('pre', JSON.stringify(d.spec, null, 2), 'spec'),
      text('h4', 'last error'), text('p', d.lastError ? d.lastError.message + ' (' + d.lastError.at + ')' : 'none', d.lastError ? 'error last-error' : 'last-error'),
      text('h4', 'recent frames'), text('pre', d.recent.length ? d.recent.map((f) => JSON.stringify(f)).join('\\n') : 'none yet', 'frames'),
    );
  }

  canvas.addEventListener('click', (e) => {
    const g = e.target.closest('g.node[data-key], g.cluster[data-key]');
    if (g) show(g.dataset.key);
  });
  const events = new EventSource(withToken('/events'));
  events.addEventListener('graph', () => draw());
  events.addEventListener('stats', (e) => stats(JSON.parse(e.data)));
  // (Re)connected: draw what serves now; the server keeps what the last swap changed.
  events.onopen = () => draw();
})();
</script>
</body>
</html>
`;
}
