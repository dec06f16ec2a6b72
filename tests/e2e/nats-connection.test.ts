// NATS connections (extensions/nats): refused credentials and bad URLs stop the program at start naming the
// node — against a nats-server of the test's own that wants a password — and a connection lost later is
// reopened with doubling waits and logged, through a TCP proxy in front of the shared server at 127.0.0.1:4222.
import { spawn } from 'node:child_process';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWithExtensions, freePort, logged, stop, TcpProxy, uniqueName } from '../support/brokers.ts';
import { start } from '../support/flowc.ts';

const NATS_URL = 'nats://127.0.0.1:4222';

/** A program answering requests on `<prefix>.echo` with `{echo: body}`, through `nats-subscribe`, and publishing to `<prefix>.seen`. */
const ECHO = `
- kind: nats-subscribe
  name: echo
  url: '{{ .URL }}'
  subject: '{{ .PREFIX }}.echo'
  ports:
    out: [{ name: work, port: in }]
- kind: snippet
  name: work
  language: javascript
  code: 'export default ({ body }) => ({ echo: body })'
  ports:
    out: [{ name: seen, port: in }]
- kind: nats-publish
  name: seen
  url: '{{ .URL }}'
  subject: '{{ .PREFIX }}.seen'
`;

/** A nats-server on a port of its own that takes only user `flowc`, password `secret`; resolves once it is ready. */
async function serverWithPassword(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '--user', 'flowc', '--pass', 'secret'], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('Server is ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`nats-server exited (${code}): ${err}`)));
  });
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

describe('nats connections', () => {
  let nc: NatsConnection;
  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
  });
  afterAll(async () => {
    await nc.drain();
  });

  it('refused credentials stop the program at start, naming the node, for a subscription and for a publisher', async () => {
    const server = await serverWithPassword();
    try {
      const subscriber = buildWithExtensions(
        `
- kind: nats-subscribe
  name: orders
  url: '{{ .URL }}'
  subject: orders.created
  user: flowc
  password: '{{ .PASSWORD }}'
`,
        ['nats'],
      );
      const publisher = buildWithExtensions(
        `
- kind: nats-publish
  name: notify
  url: '{{ .URL }}'
  subject: orders.notified
  user: flowc
  password: '{{ .PASSWORD }}'
`,
        ['nats'],
      );
      for (const [bundle, node] of [
        [subscriber, 'orders'],
        [publisher, 'notify'],
      ] as const) {
        const app = await start(bundle, [], { URL: server.url, PASSWORD: 'wrong' }, false);
        expect(await app.exited).toBe(1);
        expect(app.stderr()).toMatch(new RegExp(`node \`${node}\` \\(.*spec\\.yaml:\\d+:\\d+\\): nats://127\\.0\\.0\\.1:\\d+ refused the connection: Authorization Violation \\(check user, password or token\\)`));
        expect(app.stderr()).not.toMatch(/\n\s+at /);
      }
      // The right password connects: the refusal above was the credentials'.
      const app = await start(subscriber, [], { URL: server.url, PASSWORD: 'secret' }, false);
      await logged(app, () => app.stderr().includes('consuming'));
      expect(await stop(app)).toBe(0);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('a URL that is not NATS’s, given at start, stops the program naming the node', async () => {
    const bundle = buildWithExtensions(ECHO, ['nats']);
    const app = await start(bundle, [], { URL: 'http://127.0.0.1:4222', PREFIX: uniqueName('url') }, false);
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toMatch(/node `echo` \(.*spec\.yaml:2:3\): url: the URL scheme http: is not NATS's/);
    expect(app.stderr()).not.toMatch(/\n\s+at /);
  });

  it('a connection lost later is reopened with doubling waits, logged once and when back; requests are answered again', async () => {
    const proxy = new TcpProxy(4222);
    const url = `nats://127.0.0.1:${await proxy.listen()}`;
    const prefix = uniqueName('reconnect');
    const app = await start(buildWithExtensions(ECHO, ['nats']), [], { URL: url, PREFIX: prefix }, false);
    try {
      await logged(app, () => app.stderr().includes('consuming'));
      const answer = async (n: number): Promise<unknown> => JSON.parse(new TextDecoder().decode((await nc.request(`${prefix}.echo`, JSON.stringify({ n }), { timeout: 10_000 })).data));
      expect(await answer(1)).toEqual({ echo: { n: 1 } });

      proxy.cut();
      const cutAt = proxy.dials.length;
      await logged(app, () => /nats-subscribe `echo`.*: connection lost \(.*\); reconnecting/.test(app.stderr()));
      // Waits of 250, 500, 1000 and 2000 ms: five dials after the cut. A fixed wait (the client's default) would
      // space them evenly.
      await proxy.until(() => proxy.dials.length - cutAt >= 10, 'five dials of each connection after the cut');
      proxy.heal();
      await logged(app, () => /nats-subscribe `echo`.*: connected again/.test(app.stderr()));
      // The log line follows the client's SUB on its new connection; the server may not have read it when our
      // request arrives on another connection: "no responders" (503) is asked again, anything else fails.
      const answerOnceSubscribed = async (n: number, tries = 100): Promise<unknown> => {
        try {
          return await answer(n);
        } catch (problem) {
          if ((problem as { code?: string }).code !== '503' || tries === 0) throw problem;
          return answerOnceSubscribed(n, tries - 1);
        }
      };
      expect(await answerOnceSubscribed(2)).toEqual({ echo: { n: 2 } });

      // Two connections (the subscription's and the publisher's) dial, each after 0, 250, 500, 1000, 2000 ms:
      // several dials in the first second after the cut, then a gap of about two seconds. The client's fixed
      // wait of a second would give two dials in the first second and no gap much above one.
      const after = proxy.dials.slice(cutAt);
      const gaps = after.slice(1).map((t, i) => t - after[i]!);
      expect(after.filter((t) => t - after[0]! < 1000).length).toBeGreaterThanOrEqual(3);
      expect(Math.max(...gaps)).toBeGreaterThanOrEqual(1500);
      expect(app.stderr().match(/nats-subscribe `echo`.*: connection lost/g)).toHaveLength(1);
      expect(await stop(app)).toBe(0);
    } finally {
      if (app.child.exitCode === null) app.child.kill('SIGKILL');
      await proxy.close();
    }
  }, 120_000);
});
