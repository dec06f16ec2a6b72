import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSpec, http, start } from '../support/flowc.ts';
import { throwingSpec as spec } from '../support/telemetry.ts';

describe('an error that crosses a node boundary', () => {
  it('is logged with the node, its kind, its place and the line inside the YAML; the client gets a generic 500', async () => {
    const bundle = buildSpec(spec);
    const yaml = bundle.replace(/\.mjs$/, '.yaml');
    const map = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[]; sourcesContent: string[] };
    const index = map.sources.findIndex((s) => s.endsWith('spec.yaml'));
    expect(index).toBeGreaterThanOrEqual(0);
    expect(map.sourcesContent[index]).toBe(spec);

    const server = await start(bundle, [], { PORT: '0', NODE_OPTIONS: '--enable-source-maps' });
    try {
      const res = await http(server.port, 'GET', '/', { 'X-Request-Id': 'req-42' });
      expect(res.status).toBe(500);
      expect(res.text).toBe('Internal Server Error');
      await server.waitForStderr('(request req-42)');
      const line = server.stderr().split('\n').find((l) => l.includes('(request req-42)'))!;
      expect(line).toContain("request GET /: node `boom` (snippet, ");
      expect(line).toContain(`spec.yaml:8:3): Cannot read properties of undefined (reading 'deep')`);
      expect(line).toContain(`(at ${yaml}:14:33)`);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
