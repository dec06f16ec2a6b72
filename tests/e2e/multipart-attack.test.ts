import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSpec, http, listenerYaml, start, type Started } from '../support/flowc.ts';

/** Hostile multipart/form-data bodies against a built bundle: each is refused with a 4xx; the bundle keeps serving. */
const spec = `${listenerYaml('count', ['maxBodySize: 256kb'])}
- kind: snippet
  name: count
  language: javascript
  code: 'export default (req) => ({ status: 200, body: { values: Object.keys(req.body.values ?? {}).length, files: Object.keys(req.body.files ?? {}).length } })'
`;

const type = (boundary: string): Record<string, string> => ({ 'Content-Type': `multipart/form-data; boundary=${boundary}` });
const field = (name: string, value: string): string => `--B\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;

describe('multipart attacks on a built bundle', () => {
  let server: Started;
  beforeAll(async () => {
    server = await start(buildSpec(spec), [], { PORT: '0' });
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  const nested = (levels: number): Buffer => {
    let inner = Buffer.from('x');
    for (let level = 0; level < levels; level++) {
      const part = level === 0 ? 'text/plain' : `multipart/form-data; boundary=b${level - 1}`;
      inner = Buffer.concat([Buffer.from(`--b${level}\r\nContent-Disposition: form-data; name="f"; filename="f"\r\nContent-Type: ${part}\r\n\r\n`), inner, Buffer.from(`\r\n--b${level}--\r\n`)]);
    }
    return inner;
  };
  const bomb = Buffer.concat([Buffer.from('--B\r\nContent-Disposition: form-data; name="f"; filename="f"\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\n\r\n'), gzipSync(Buffer.alloc(64 * 1024 * 1024)), Buffer.from('\r\n--B--\r\n')]);
  const attacks: [string, Record<string, string>, string | Buffer, number][] = [
    ['no boundary parameter', { 'Content-Type': 'multipart/form-data' }, field('a', '1'), 400],
    ['an empty boundary', type(''), field('a', '1'), 400],
    ['no delimiter at all', type('B'), 'just some text', 400],
    ['a part that never ends', type('B'), '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nand on', 400],
    ['headers that never end', type('B'), '--B\r\nContent-Disposition: form-data; name="a"', 400],
    ['a header line without a colon', type('B'), '--B\r\nnot a header\r\n\r\nx\r\n--B--\r\n', 400],
    ['1001 parts', type('B'), `${field('a', '1').repeat(1001)}--B--\r\n`, 400],
    ['10001 header lines', type('B'), `--B\r\n${'X: 1\r\n'.repeat(10_001)}\r\nx\r\n--B--\r\n`, 400],
    ['parts nested 40 levels deep', type('b39'), nested(40), 400],
    ['a gzip part that inflates past maxBodySize', type('B'), bomb, 413],
  ];

  for (const [what, headers, body, status] of attacks) {
    it(`${what} → ${status}`, async () => {
      const answer = await http(server.port, 'POST', '/', headers, body);
      expect(answer.status, answer.text).toBe(status);
    });
  }

  it('still reads a good form after all of them', async () => {
    const answer = await http(server.port, 'POST', '/', type('B'), `${field('a', '1')}${field('b', '2')}--B--\r\n`);
    expect([answer.status, JSON.parse(answer.text)]).toEqual([200, { values: 2, files: 0 }]);
  });
});
