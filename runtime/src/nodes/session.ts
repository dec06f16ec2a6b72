import { implement } from '../core/kind.ts';
import { isError, join, NONE, toError } from '../core/packet.ts';
import type { Process } from '../core/process.ts';
import { attempt } from '../core/settle.ts';
import definition from '../kinds/session.ts';

/**
 * `io` stores session data for the sending process (until it exits). `in` broadcasts
 * `[data, input]` to `out` once per live session, each in a child of the session's process.
 */
export default implement(definition, {
  create({ out }) {
    const output = out('out');
    const sessions = new Map<Process, unknown>();
    return {
      inputs: {
        io(payload, proc) {
          if (!sessions.has(proc)) {
            proc.onExit(() => {
              sessions.delete(proc);
            });
          }
          // onExit runs the hook at once for a process that has already exited: store nothing then.
          if (!proc.terminated) sessions.set(proc, payload);
          return NONE;
        },
        in(payload, proc) {
          if (sessions.size === 0) return payload;
          const children: Process[] = [];
          const answers: unknown[] = [];
          for (const [owner, data] of sessions) {
            const child = owner.fork();
            children.push(child);
            answers.push(attempt(() => output.send([data, payload], child)));
          }
          return Promise.all(answers)
            .then(async (resolved) => {
              await Promise.all(
                children.map(async (child, i) => {
                  const answer = resolved[i];
                  await child.join();
                  await child.exit(isError(answer) ? answer : undefined);
                }),
              );
              return join(resolved);
            })
            .catch(toError);
        },
      },
    };
  },
});
