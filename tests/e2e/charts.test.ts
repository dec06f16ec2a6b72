import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExample, http, start, type Started } from '../support/flowc.ts';

/** examples/charts: one chart used twice with different fields, and a chart that uses a chart. */
describe('examples/charts bundle', () => {
  let server: Started;
  beforeAll(async () => {
    server = await start(buildExample('examples/charts'), [], { PORT: '0' });
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('each use of the chart gets its own fields', async () => {
    expect((await http(server.port, 'GET', '/hello')).text).toBe('Hello, english!');
    expect((await http(server.port, 'GET', '/bonjour')).text).toBe('Bonjour, french!');
  });

  it('a chart built from another chart', async () => {
    expect((await http(server.port, 'GET', '/hey')).text).toBe('HEY, INNER!');
  });
});
