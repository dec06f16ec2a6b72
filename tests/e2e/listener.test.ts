import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowc, http, start, tempDir, type Started } from '../support/flowc.ts';

/** Listener and router behaviour beyond ping: bodies, codecs, params, answers of every shape. */
describe('listener + router', () => {
  let server: Started;

  beforeAll(async () => {
    const dir = tempDir();
    const spec = `
- kind: listener
  name: http
  protocol: http
  host: 127.0.0.1
  port: '{{ .PORT }}'
  ports:
    out:
      - name: routes
        port: in
- kind: router
  name: routes
  routes:
    - { method: POST, path: /echo, port: 'out[0]' }
    - { method: GET, path: '/users/:id', port: 'out[1]' }
    - { method: GET, path: '/files/*', port: 'out[1]' }
    - { method: GET, path: /map, port: 'out[2]' }
    - { method: GET, path: /fail, port: 'out[3]' }
    - { method: GET, path: /none, port: 'out[4]' }
  ports:
    out[0]:
      - name: echo
        port: in
    out[1]:
      - name: params
        port: in
    out[2]:
      - name: map
        port: in
    out[3]:
      - name: fail
        port: in
    out[4]:
      - name: none
        port: in
- kind: snippet
  name: echo
  language: javascript
  code: 'export default (req) => ({ status: 200, body: { got: req.body, type: req.header["Content-Type"] } })'
- kind: snippet
  name: params
  language: javascript
  code: 'export default (req) => req.params'
- kind: snippet
  name: map
  language: json
  code: '{"foo": "bar"}'
- kind: snippet
  name: fail
  language: javascript
  code: 'export default () => { throw new Error("secret detail") }'
- kind: nop
  name: none
`;
    writeFileSync(join(dir, 'api.yaml'), spec);
    const out = join(dir, 'api.mjs');
    const r = flowc(['build', join(dir, 'api.yaml'), '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    server = await start(out, [], { PORT: '0' });
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('decodes JSON bodies', async () => {
    const r = await http(server.port, 'POST', '/echo', { 'Content-Type': 'application/json', Accept: 'application/json' }, '{"b":1,"a":[2]}');
    expect(r.text).toBe('{"got":{"a":[2],"b":1},"type":["application/json"]}\n');
  });

  it('decodes gzip request bodies and detects a missing content type', async () => {
    const r = await http(server.port, 'POST', '/echo', { 'Content-Encoding': 'gzip', Accept: 'application/json' }, gzipSync('{"z":true}'));
    expect(JSON.parse(r.text)).toEqual({ got: { z: true }, type: ['application/json; charset=utf-8'] });
  });

  it('a malformed JSON body gets 400 with a JSON error, and the server keeps serving', async () => {
    const r = await http(server.port, 'POST', '/echo', { 'Content-Type': 'application/json' }, '{"a":');
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(r.text).error).toMatch(/invalid JSON body/);
    expect((await http(server.port, 'GET', '/users/7')).status).toBe(200);
  });

  it('route params and catch-all', async () => {
    expect(JSON.parse((await http(server.port, 'GET', '/users/a%20b', { Accept: 'application/json' })).text)).toEqual({ id: 'a b' });
    expect(JSON.parse((await http(server.port, 'GET', '/files/x/y.txt', { Accept: 'application/json' })).text)).toEqual({ '*': 'x/y.txt' });
  });

  it('a map without status/body is the JSON body (uniflow loses it)', async () => {
    const r = await http(server.port, 'GET', '/map');
    expect([r.status, r.text]).toEqual([200, '{"foo":"bar"}\n']);
  });

  it('a thrown snippet error is a 500 that does not leak its message', async () => {
    const r = await http(server.port, 'GET', '/fail');
    expect([r.status, r.text]).toEqual([500, 'Internal Server Error']);
  });

  it('None answers 200 with an empty body', async () => {
    const none = await http(server.port, 'GET', '/none');
    expect([none.status, none.text]).toEqual([200, '']);
  });
});
