import { acquire, FlowError, implement, type Lease, type Process } from '@flowc/runtime';
import type { NatsConnection } from 'nats';
import { publishProblems, throwFirst } from './checks.ts';
import { connectOnce, isFatal } from './connect.ts';
import { encodeBody } from './message.ts';
import { shownServers, subjectProblem } from './names.ts';
import definition from './publish.ts';

interface Outgoing {
  readonly subject: string;
  readonly body: unknown;
  readonly header?: Record<string, string | string[]>;
}

export default implement(definition, {
  create({ name, fields, out, host }) {
    throwFirst(publishProblems(fields));
    const output = out('out');
    const error = out('error');
    const label = `nats-publish \`${name}\``;
    let lease: Lease<Promise<NatsConnection>> | undefined;
    // Once connected, publishes use the connection directly: no promise to wait on per message.
    let connected: NatsConnection | undefined;

    const outgoing = (payload: unknown): Outgoing => {
      if (fields.subject !== undefined) return { subject: fields.subject, body: payload };
      const envelope = payload as { subject?: unknown; body?: unknown; header?: unknown } | null;
      if (envelope === null || typeof envelope !== 'object' || typeof envelope.subject !== 'string') throw new FlowError(`${label}: without a \`subject\` field the packet is {subject, body}`);
      const problem = subjectProblem(envelope.subject, false);
      if (problem) throw new FlowError(`${label}: bad subject ${JSON.stringify(envelope.subject)}: ${problem}`);
      return {
        subject: envelope.subject,
        body: envelope.body ?? null,
        ...(envelope.header !== null && typeof envelope.header === 'object' ? { header: envelope.header as Record<string, string[]> } : {}),
      };
    };

    /** Core NATS, once connected: buffered at once (undefined); JetStream, or before: a promise of the publish. */
    const publish = (payload: unknown): Promise<void> | undefined => {
      if (!lease) throw new FlowError(`${label} is not connected`);
      const message = outgoing(payload);
      const { data, headers } = encodeBody(message.body, fields.contentType, message.header);
      if (connected && !fields.jetstream) {
        connected.publish(message.subject, data, { headers });
        return undefined;
      }
      return lease.value.then(async (connection) => {
        connected = connection;
        if (fields.jetstream) await connection.jetstream().publish(message.subject, data, { headers });
        else connection.publish(message.subject, data, { headers });
      });
    };

    const failed = (problem: unknown, proc: Process): unknown =>
      error.send(problem instanceof FlowError ? problem : new FlowError(`${label}: ${(problem as Error).message}`, { cause: problem }), proc);

    return {
      inputs: {
        in(payload, proc) {
          let sent: Promise<void> | undefined;
          try {
            sent = publish(payload);
          } catch (problem) {
            return failed(problem, proc);
          }
          // The usual case stays synchronous: the flow's answer needs no promise per message.
          if (sent === undefined) return output.send(payload, proc);
          return sent.then(
            () => output.send(payload, proc),
            (problem: unknown) => failed(problem, proc),
          );
        },
      },
      async load() {
        const shown = shownServers(fields.url);
        const held = await acquire(host, `nats-publish:${fields.url}|${fields.user ?? ''}|${fields.password ?? ''}|${fields.token ?? ''}`, {
          // The first dial tells whether the server takes the credentials: refused ones stop the program. A
          // server that is not up yet is waited for in the background, and publishes wait for it.
          open: () => {
            const dial = connectOnce(fields, 'flowc publish');
            const first = dial.then(
              () => undefined,
              (problem: unknown) => {
                if (isFatal(problem)) throw problem;
              },
            );
            const connecting = dial.catch((problem: Error) => {
              if (isFatal(problem)) throw problem;
              host.log('warn', `nats-publish: cannot connect to ${shown} (${problem.message}); publishes wait while it reconnects`);
              return connectOnce(fields, 'flowc publish', { waitOnFirstConnect: true });
            });
            void connecting.then(
              (connection) => {
                void (async () => {
                  for await (const status of connection.status()) {
                    if (status.type === 'disconnect') host.log('warn', `nats-publish: disconnected from ${shown}; reconnecting`);
                    else if (status.type === 'reconnect') host.log('info', `nats-publish: connected again to ${shown}`);
                  }
                })();
              },
              (problem: Error) => {
                if (!isFatal(problem)) host.log('error', `nats-publish: cannot connect to ${shown}: ${problem.message}`);
              },
            );
            return { connecting, first };
          },
          close: async ({ connecting }) => {
            const connection = await connecting.catch(() => undefined);
            if (connection && !connection.isClosed()) await connection.drain();
          },
        });
        try {
          await held.value.first;
        } catch (problem) {
          await held.release();
          throw problem;
        }
        lease = { value: held.value.connecting, release: held.release };
      },
      async unload() {
        await lease?.release();
        lease = undefined;
        connected = undefined;
      },
    };
  },
});
