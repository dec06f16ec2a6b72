import { describe, expect, it } from 'vitest';
import { compileSources } from '../compile.ts';

const diagnose = (text: string) => compileSources([{ file: 'flow.yaml', text }], { cwd: '/', emit: false }).diagnostics;
const check = (text: string) => diagnose(text).filter((d) => d.code === 'MERGE_INPUT_UNWIRED');

const upstream = (targets: string[]): string => `
- kind: split
  name: fan
  ports:
${targets.map((port, i) => `    out[${i}]:\n      - name: both\n        port: ${port}`).join('\n')}
- kind: merge
  name: both
`;

describe("merge's check hook", () => {
  it('accepts a merge whose inputs in[0..n] are all connected (plain `in` is in[0])', () => {
    expect(check(upstream(['in', 'in[1]', 'in[2]']))).toEqual([]);
  });

  it('reports the inputs below the highest one that nothing connects to, at the merge', () => {
    const found = check(upstream(['in[0]', 'in[3]']));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ node: 'both', file: 'flow.yaml', line: 11, column: 3 });
    expect(found[0]!.message).toContain('`in[1]`, `in[2]`');
    expect(found[0]!.hint).toContain('in[0]…in[1]');
  });

  it('ignores a merge nothing connects to', () => {
    expect(check('- kind: merge\n  name: alone\n')).toEqual([]);
  });
});

const router = (routes: string, wired = '    out[0]: [{ name: sink, port: in }]\n'): string =>
  `- kind: router\n  name: r\n  routes:\n${routes}  ports:\n${wired}- kind: nop\n  name: sink\n`;

describe("router's check hook", () => {
  it('refuses at build time the paths find-my-way refuses at start, at the path', () => {
    const d = diagnose(router('    - { method: GET, path: /files/*/raw, port: out }\n    - { method: GET, path: /a, port: out }\n    - { method: GET, path: /a, port: out }\n'));
    expect(d.map((x) => [x.code, x.line, x.column])).toEqual([
      ['FIELD_VALUE', 4, 28],
      ['FIELD_VALUE', 6, 28],
    ]);
    expect(d[0]!.message).toContain('Wildcard must be the last character');
    expect(d[0]!.hint).toContain('/files/:name/raw');
  });

  it('accepts parameters, regex parameters and a final wildcard', () => {
    expect(diagnose(router('    - { method: GET, path: "/u/:id(^\\\\d+)", port: out }\n    - { method: GET, path: "/files/*", port: out }\n'))).toEqual([]);
  });

  it('reports a route to an out-port that is not wired, as switch does', () => {
    const d = diagnose(router('    - { method: GET, path: /, port: out }\n    - { method: GET, path: /x, port: "out[2]" }\n'));
    expect(d).toEqual([expect.objectContaining({ code: 'UNWIRED_PORT', line: 5, column: 38, node: 'r' })]);
  });
});

describe('listeners of one program', () => {
  const listener = (name: string, port: string, host = '') => `- kind: listener\n  name: ${name}\n  protocol: http\n${host}  port: ${port}\n`;

  it('refuses two listeners on one literal port of overlapping hosts, at the second port', () => {
    const d = diagnose(listener('a', '8080') + listener('b', '8080', '  host: 127.0.0.1\n'));
    expect(d).toEqual([expect.objectContaining({ code: 'LISTEN_CONFLICT', line: 9, node: 'b', hint: expect.stringContaining('flow.yaml:4:9') })]);
  });

  it('accepts other ports, distinct hosts, port 0 and templated ports', () => {
    const text = listener('a', '8080', '  host: 127.0.0.1\n') + listener('b', '8080', '  host: 127.0.0.2\n') + listener('c', '0') + listener('d', '0') + listener('e', "'{{ .PORT }}'") + listener('f', "'{{ .PORT }}'");
    expect(diagnose(text)).toEqual([]);
  });

  it('listeners of different namespaces are different programs', () => {
    expect(diagnose(listener('a', '8080') + listener('b', '8080').replace('  protocol', '  namespace: other\n  protocol'))).toEqual([]);
  });
});

describe("listener's check hook", () => {
  it('refuses a certificate given twice, as `tls` and as `cert`/`key`', () => {
    const d = diagnose('- kind: listener\n  name: l\n  protocol: http\n  port: 0\n  cert: a\n  key: b\n  tls: { cert: a, key: b }\n');
    expect(d).toEqual([expect.objectContaining({ code: 'FIELD_VALUE', line: 7, column: 8, node: 'l' })]);
    expect(d[0]!.hint).toContain('keep one of them');
  });
});
