import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { graph } from '../index.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;

function specFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowc-graph-'));
  writeFileSync(join(dir, 'spec.yaml'), text);
  return join(dir, 'spec.yaml');
}

/** Parses SVG as XML (throws on any well-formedness error) and returns the `data-key` of every node group. */
function svgKeys(svg: string): string[] {
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(svg, 'image/svg+xml');
  expect(doc.documentElement!.nodeName).toBe('svg');
  return Array.from(doc.getElementsByTagName('g'))
    .filter((g) => /\b(node|cluster)\b/.test(g.getAttribute('class') ?? '') && g.getAttribute('data-role') === null)
    .map((g) => g.getAttribute('data-key')!);
}

/** A listener, a router with `n` routes and a chain of three snippets behind each route: 2 + 3n nodes. */
function wideSpec(routes: number): string {
  const lines = [
    '- kind: listener',
    '  name: http',
    '  protocol: http',
    '  port: 8000',
    '  ports:',
    '    out: [{ name: routes, port: in }]',
    '- kind: router',
    '  name: routes',
    '  routes:',
    ...Array.from({ length: routes }, (_, i) => `    - { method: GET, path: /r${i}, port: 'out[${i}]' }`),
    '  ports:',
    ...Array.from({ length: routes }, (_, i) => `    out[${i}]: [{ name: a${i}, port: in }]`),
  ];
  for (let i = 0; i < routes; i++) {
    lines.push(`- { kind: snippet, name: a${i}, language: text, code: a, ports: { out: [{ name: b${i}, port: in }] } }`);
    lines.push(`- { kind: snippet, name: b${i}, language: text, code: b, ports: { out: [{ name: c${i}, port: in }] } }`);
    lines.push(`- { kind: snippet, name: c${i}, language: text, code: c }`);
  }
  return `${lines.join('\n')}\n`;
}

describe('graph', () => {
  it('describes nodes with kind and YAML location, ports, edges and composites as data', async () => {
    const result = await graph({ inputs: [join(ROOT, 'examples/charts')], cwd: ROOT, format: 'json' });
    expect(result.errors).toEqual([]);
    const view = JSON.parse(result.text) as typeof result.view;
    expect(view).toEqual(result.view);
    const routes = view.nodes.find((n) => n.key === 'app-routes')!;
    expect(routes).toMatchObject({ kind: 'router', composite: false, location: { file: 'examples/charts/app.yaml', line: 12, column: 3 }, inputs: ['in'] });
    expect(routes.outputs).toEqual(['out[0]', 'out[1]', 'out[2]', 'error']);
    expect(routes.unwired).toEqual({ inputs: [], outputs: ['error'] });
    const loud = view.nodes.find((n) => n.key === 'loud')!;
    expect(loud).toMatchObject({ kind: 'loud-greeter', composite: true });
    expect(view.nodes.find((n) => n.key === 'loud/inner/say')).toMatchObject({ parent: 'loud/inner', location: { file: 'examples/charts/charts.yaml', line: 5 } });
    expect(view.edges).toContainEqual({ from: { node: 'app-routes', port: 'out[2]', side: 'output' }, to: { node: 'loud', port: 'in', side: 'input' } });
    expect(view.edges).toContainEqual({ from: { node: 'loud', port: 'in', side: 'inbound' }, to: { node: 'loud/inner', port: 'in', side: 'input' } });
  });

  it('draws composites as Mermaid subgraphs and DOT clusters, with every wire', async () => {
    const inputs = [join(ROOT, 'examples/charts')];
    const mermaid = (await graph({ inputs, cwd: ROOT, format: 'mermaid' })).text;
    expect(mermaid.split('\n')[0]).toBe('flowchart LR');
    expect(mermaid.match(/^\s*subgraph /gm)).toHaveLength(4); // english, french, loud, loud/inner
    expect(mermaid).toContain('["loud (loud-greeter)<br/>examples/charts/app.yaml:37"]');
    expect(mermaid).toMatch(/-->\|"out\[2\]"\| n\d+/);
    const { view, text: dot } = await graph({ inputs, cwd: ROOT, format: 'dot' });
    expect(dot.match(/subgraph cluster_/g)).toHaveLength(4);
    expect(dot.match(/ -> /g)).toHaveLength(view.edges.length);
    expect(dot).toContain('label="app-routes\\nrouter\\nexamples/charts/app.yaml:12"');
    expect(dot.trimEnd().endsWith('}')).toBe(true);
  });

  it('draws a well-formed SVG holding every node of a 100-node graph', async () => {
    const file = specFile(wideSpec(33));
    const result = await graph({ inputs: [file], format: 'svg' });
    expect(result.errors).toEqual([]);
    expect(result.view.nodes).toHaveLength(101);
    const keys = svgKeys(result.text);
    expect(keys.sort()).toEqual(result.view.nodes.map((n) => n.key).sort());
    expect(result.text.match(/<path class="link"/g)).toHaveLength(result.view.edges.length);
    // Self-contained: nothing loaded from elsewhere.
    expect(result.text).not.toMatch(/(href|src)="(https?:)?\/\//);
  });

  it('marks errors on their node and unreachable in-ports, and still draws', async () => {
    const file = specFile(
      ['- { kind: snippet, name: a, language: text, code: hi, ports: { result: [{ name: sink, port: in }] } }', '- { kind: nop, name: sink }', '- { kind: snippet, name: lonely, language: text, code: x, ports: { out: [{ name: sink, port: in }] } }', ''].join('\n'),
    );
    const result = await graph({ inputs: [file], format: 'svg' });
    expect(result.errors.length).toBeGreaterThan(0);
    const a = result.view.nodes.find((n) => n.key === 'a')!;
    expect(a.problems.map((p) => p.severity)).toContain('error');
    expect(result.view.nodes.find((n) => n.key === 'lonely')!.unwired.inputs).toEqual(['in']);
    expect(result.text).toMatch(/<g class="node error unreachable" id="n\d+" data-key="a">/);
    expect(result.text).toMatch(/<g class="node unreachable" id="n\d+" data-key="lonely">/);
    expect(svgKeys(result.text).sort()).toEqual(['a', 'lonely', 'sink']);
  });

  it('writes a self-contained HTML page with the SVG and the view', async () => {
    const { text, view } = await graph({ inputs: [join(ROOT, 'examples/ping.yaml')], cwd: ROOT, format: 'html' });
    expect(text.startsWith('<!doctype html>')).toBe(true);
    expect(text).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(text).not.toMatch(/<script[^>]+src=|<link /);
    const json = /<script type="application\/json" id="view">(.*?)<\/script>/s.exec(text)![1]!;
    expect(JSON.parse(json)).toEqual(view);
  });
});
