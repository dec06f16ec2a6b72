import { FlowError, implement } from '@flowc/runtime';
import { plainReply, redisArg } from './args.ts';
import { commandProblem, commandsProblems, throwFirst } from './checks.ts';
import { sharedConnection } from './client.ts';
import definition from './redis.ts';

type Command = readonly [name: string, ...args: unknown[]];

export default implement(definition, {
  create({ name, fields, out, host }) {
    throwFirst(commandsProblems(fields));
    const output = out('out');
    const error = out('error');
    const label = `redis \`${name}\``;
    const connection = sharedConnection(host, fields.url, label);

    /** One command, as [name, ...args] from the payload (or the node's `command` and the payload). */
    const commandOf = (payload: unknown): Command => {
      if (fields.command !== undefined) return [fields.command, ...(payload === undefined || payload === null ? [] : Array.isArray(payload) ? payload : [payload])];
      if (Array.isArray(payload) && typeof payload[0] === 'string') return payload as unknown as Command;
      throw new FlowError('redis expects ["COMMAND", args…] or a list of them (or set `command`)');
    };

    const checked = (commands: readonly Command[]): readonly Command[] => {
      for (const [command, ...args] of commands) {
        const problem = commandProblem(command, args);
        if (problem) throw new FlowError(problem);
      }
      return commands;
    };

    const run = async (payload: unknown): Promise<unknown> => {
      const client = connection.client();
      if (!client) throw new FlowError(`${label} is not connected`);
      // A list of commands (a list of lists) is one MULTI/EXEC transaction.
      if (fields.command === undefined && Array.isArray(payload) && payload.length > 0 && payload.every(Array.isArray)) {
        const commands = checked(payload.map(commandOf));
        const tx = client.multi();
        for (const [command, ...args] of commands) {
          const values = args.map(redisArg);
          if (fields.bytes) tx.callBuffer(command, ...values);
          else tx.call(command, ...values);
        }
        const results = await tx.exec();
        if (results === null) throw new FlowError('the transaction was aborted');
        return results.map(([problem, reply]) => {
          if (problem) throw problem;
          return plainReply(reply);
        });
      }
      const [[command, ...args]] = checked([commandOf(payload)]) as [Command];
      const values = args.map(redisArg);
      return plainReply(await (fields.bytes ? client.callBuffer(command, ...values) : client.call(command, ...values)));
    };

    return {
      inputs: {
        in(payload, proc) {
          return run(payload).then(
            (reply) => output.send(reply, proc),
            (problem: unknown) => error.send(problem instanceof FlowError ? problem : new FlowError(`redis: ${(problem as Error).message ?? String(problem)}`, { cause: problem }), proc),
          );
        },
      },
      load: connection.load,
      unload: connection.unload,
    };
  },
});
