import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { http, start, tempDir } from '../support/flowc.ts';
import { buildObserved, metricsPort, otlpReceiver, webListener } from '../support/telemetry.ts';

const SECRET = 'obs-s3cr3t-8d1c7a';

const spec = `${webListener('routes')}- kind: router
  name: routes
  routes:
    - { method: GET, path: /leak, port: 'out[0]' }
    - { method: GET, path: /fail, port: 'out[1]' }
  ports:
    out[0]: [{ name: secret, port: in }]
    out[1]: [{ name: fail, port: in }]
- kind: snippet
  name: secret
  language: text
  code: '{{ .TOKEN }}'
  env:
    TOKEN: [{ name: api, data: '{{ .token }}' }]
  ports:
    out: [{ name: shout, port: in }]
- kind: snippet
  name: shout
  language: javascript
  code: |
    export default (input) => {
      console.log('log', input);
      console.info(\`info \${input}\`);
      console.error('error %s', input);
      console.warn({ input });
      return input;
    };
  ports:
    out: [{ name: show, port: in }]
- kind: print
  name: show
  filename: stdout
- kind: throw
  name: fail
  message: 'upstream refused {{ .TOKEN }}'
  env:
    TOKEN: [{ name: api, data: '{{ .token }}' }]
`;

describe('a bound value', () => {
  it('never appears in a log line, print output, snippet console output, metric or span', async () => {
    const receiver = await otlpReceiver();
    const values = join(tempDir(), 'values.json');
    writeFileSync(values, JSON.stringify([{ name: 'api', data: { token: SECRET } }]));
    const { bundle } = buildObserved(spec, 'logs,metrics,tracing');
    const server = await start(bundle, ['--values', values, '--metrics', '127.0.0.1:0'], {
      PORT: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    });
    let metrics = '';
    try {
      const port = await metricsPort(server);
      expect((await http(server.port, 'GET', '/leak')).status).toBe(200);
      expect((await http(server.port, 'GET', `/fail?token=${SECRET}`, { 'X-Request-Id': 'secret-test' })).status).toBe(500);
      await server.waitForStderr('secret-test');
      metrics = (await http(port, 'GET', '/metrics')).text;
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      receiver.server.close();
    }
    const stdout = server.stdout();
    const stderr = server.stderr();
    // Everything was written, masked: print and console.log/info on stdout, console.error/warn and the error line on stderr.
    expect(stdout).toContain('log ***');
    expect(stdout).toContain('info ***');
    expect(stdout).toMatch(/\n?\*\*\*$/);
    expect(stderr).toContain('error ***');
    expect(stderr).toContain("{ input: '***' }");
    const errorLine = stderr.split('\n').find((l) => l.includes('secret-test'))!;
    const parsed = JSON.parse(errorLine) as Record<string, unknown>;
    expect(parsed['msg']).toContain('upstream refused ***');
    expect(parsed['url']).toBe('/fail?token=***');
    expect(parsed['node']).toBe('fail');
    expect(parsed['kind']).toBe('throw');
    expect(metrics).toContain('flowc_http_requests_total');
    expect(receiver.bodies.length).toBeGreaterThan(0);
    for (const output of [stdout, stderr, metrics, ...receiver.bodies]) expect(output).not.toContain(SECRET);
  });
});
