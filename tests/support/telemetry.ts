import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { flowc, tempDir, type Started } from './flowc.ts';

/** Builds a spec with telemetry built in (`--observe`); returns the bundle and the build's program hash. */
export function buildObserved(spec: string, features: string): { bundle: string; hash: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 'spec.yaml'), spec);
  const bundle = join(dir, 'spec.mjs');
  const r = flowc(['build', join(dir, 'spec.yaml'), '-o', bundle, '--observe', features]);
  if (r.status !== 0) throw new Error(`flowc build failed:\n${r.stderr}`);
  return { bundle, hash: /hash ([0-9a-f]+)/.exec(r.stderr)![1]! };
}

/** The port of the metrics and health endpoint, once the program has said where it is. */
export async function metricsPort(server: Started): Promise<number> {
  await server.waitForStderr('metrics and health on http://');
  return Number(/metrics and health on http:\/\/\S+:(\d+)/.exec(server.stderr())![1]);
}

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Parses Prometheus text exposition: one sample per line that is not a comment. */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** The value of the one sample with this name whose labels include `labels`; undefined when there is none. */
export function sample(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** A listener whose snippet throws: line 14 of the spec is `return input.body.missing.deep;`, column 33 is `deep`. */
export const throwingSpec = `- kind: listener
  name: l
  protocol: http
  host: 127.0.0.1
  port: '{{ .PORT }}'
  ports:
    out: [{ name: boom, port: in }]
- kind: snippet
  name: boom
  language: typescript
  code: |
    type In = { body: Record<string, never> };
    export default (input: In) => {
      return input.body.missing.deep;
    };
`;

/** A listener `web` on 127.0.0.1:$PORT whose requests go to node `target`. */
export function webListener(target: string): string {
  return `- kind: listener
  name: web
  protocol: http
  host: 127.0.0.1
  port: '{{ .PORT }}'
  ports:
    out: [{ name: ${target}, port: in }]
`;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}

/** An OTLP/HTTP receiver: keeps every body the exporter posts to /v1/traces (OTLP JSON) and the spans in it. */
export async function otlpReceiver(): Promise<{ server: Server; url: string; spans: OtlpSpan[]; bodies: string[]; contentTypes: string[] }> {
  const spans: OtlpSpan[] = [];
  const bodies: string[] = [];
  const contentTypes: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const text = Buffer.concat(chunks).toString();
        bodies.push(text);
        contentTypes.push(req.headers['content-type'] ?? '');
        const body = JSON.parse(text) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
        for (const r of body.resourceSpans) for (const scope of r.scopeSpans) spans.push(...scope.spans);
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, bodies, contentTypes };
}
