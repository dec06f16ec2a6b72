import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowc } from '../support/flowc.ts';

describe('flowc graph', () => {
  it('prints Mermaid by default and writes other formats with -o', () => {
    const mermaid = flowc(['graph', 'examples/ping.yaml']);
    expect(mermaid.status).toBe(0);
    expect(mermaid.stdout).toMatch(/^flowchart LR\n/);
    expect(mermaid.stdout).toContain('listener<br/>listener<br/>examples/ping.yaml:2');
    const out = join(mkdtempSync(join(tmpdir(), 'flowc-graph-')), 'orders.svg');
    const svg = flowc(['graph', 'examples/orders.yaml', '--format', 'svg', '-o', out]);
    expect(svg.status).toBe(0);
    expect(svg.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toContain('data-key="orders-router"');
  });

  it('draws a broken graph, reports its errors and exits 1', () => {
    const r = flowc(['graph', 'tests/diagnostics/fixtures/UNKNOWN_PORT.yaml', '--format', 'json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error UNKNOWN_PORT');
    const view = JSON.parse(r.stdout) as { nodes: Array<{ key: string; problems: Array<{ code: string }> }> };
    expect(view.nodes.find((n) => n.key === 'a')!.problems.map((p) => p.code)).toContain('UNKNOWN_PORT');
  });

  it('keeps the pictures in docs/graphs/ as the command draws them', () => {
    const r = flowc(['graph', 'examples/orders.yaml', '--format', 'svg']);
    expect(r.stdout).toBe(readFileSync('docs/graphs/orders.svg', 'utf8'));
  });
});
