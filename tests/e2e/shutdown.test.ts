import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildExample, buildSpec, listenerYaml, start } from '../support/flowc.ts';

interface Outcome {
  readonly status: number;
  readonly connection: string | undefined;
}

/** A request that got no response: its error, and whether it went out on a connection that had served one. */
class Failed extends Error {
  constructor(
    readonly code: string,
    readonly reused: boolean,
  ) {
    super(code);
  }
}

/** One GET on a keep-alive agent; rejects with Failed when there is no response. */
function get(port: number, agent: Agent, path: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      res.on('error', (error: NodeJS.ErrnoException) => reject(new Failed(error.code ?? error.message, req.reusedSocket)));
    });
    req.on('error', (error: NodeJS.ErrnoException) => reject(new Failed(error.code ?? error.message, req.reusedSocket)));
    req.end();
  });
}

describe('SIGTERM under keep-alive load', () => {
  it('answers every request it received (Connection: close), closes idle sockets after, resets none, exits 0', async () => {
    const server = await start(buildExample('examples/ping.yaml'), [], { PORT: '0' });
    const connections = 32;
    const agent = new Agent({ keepAlive: true, maxSockets: connections });
    const answered: Outcome[] = [];
    const failures: string[] = [];
    let signalled = false;
    // Each client loops on its keep-alive connection until the server stops accepting (ECONNREFUSED),
    // at most 2,000 requests, so the load is bounded whatever happens.
    const client = async (): Promise<void> => {
      for (let i = 0; i < 2000; i++) {
        try {
          answered.push(await get(server.port, agent, '/ping'));
        } catch (error) {
          const { code, reused } = error as Failed;
          // After the signal a new connection may be refused, or reset while it waits in the kernel's accept
          // queue as the listening socket closes: no request of it was received. A request on a persistent
          // connection must never fail.
          if (signalled && !reused && (code === 'ECONNREFUSED' || code === 'ECONNRESET')) return;
          failures.push(`${code}${reused ? ' on a persistent connection' : ''}`);
          return;
        }
        if (answered.length === 20 * connections && !signalled) {
          signalled = true;
          server.child.kill('SIGTERM');
        }
      }
    };
    await Promise.all(Array.from({ length: connections }, client));
    agent.destroy();
    expect(signalled).toBe(true);
    expect(failures).toEqual([]);
    expect(answered.every((o) => o.status === 200)).toBe(true);
    // Every connection's last answer told its client to close it.
    expect(answered.filter((o) => o.connection === 'close').length).toBeGreaterThanOrEqual(connections);
    expect(await server.exited).toBe(0);
  });

  it('a second signal during the drain exits at once, saying what it abandons', async () => {
    const server = await start(
      buildSpec(`
${listenerYaml('started')}
- kind: snippet
  name: started
  language: javascript
  code: 'export default (req) => { process.stdout.write("waiting\\n"); return req }'
  ports:
    out: [{ name: nap, port: in }]
- kind: sleep
  name: nap
  interval: 1h
`),
      [],
      { PORT: '0' },
    );
    const socket = connect(server.port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: t\r\n\r\n'));
    socket.on('error', () => undefined);
    await server.waitForStdout('waiting');
    server.child.kill('SIGTERM');
    await server.waitForStderr('flowc: SIGTERM: stopping (answering the requests received; a second signal exits at once)');
    // The drain waits for the sleeping request: the first signal alone does not end the process.
    expect(server.child.exitCode).toBeNull();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toContain('flowc: SIGTERM again while stopping: exiting now, abandoning 1 request in flight and 1 open connection');
    socket.destroy();
  });
});
