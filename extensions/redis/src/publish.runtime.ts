import { encodeMessage, FlowError, implement } from '@flowc/runtime';
import type { Redis } from 'ioredis';
import { redisArg } from './args.ts';
import { publishProblems, throwFirst } from './checks.ts';
import { sharedConnection } from './client.ts';
import definition from './publish.ts';

export default implement(definition, {
  create({ name, fields, out, host }) {
    throwFirst(publishProblems(fields));
    const output = out('out');
    const error = out('error');
    const label = `redis-publish \`${name}\``;
    const trim = fields.maxLen === undefined ? [] : ['MAXLEN', '~', String(fields.maxLen)];
    const connection = sharedConnection(host, fields.url, label);

    const publish = (client: Redis, payload: unknown): Promise<unknown> => {
      const { bytes, contentType } = encodeMessage(payload, fields.contentType);
      const data = redisArg(bytes);
      if (fields.channel !== undefined) return client.publish(fields.channel, data);
      return client.call('XADD', fields.stream!, ...trim, '*', 'data', data, 'content-type', contentType);
    };

    return {
      inputs: {
        in(payload, proc) {
          const client = connection.client();
          if (!client) return error.send(new FlowError(`${label} is not connected`), proc);
          return publish(client, payload).then(
            (answer) => output.send(answer, proc),
            (problem: unknown) => error.send(new FlowError(`${label}: ${(problem as Error).message}`, { cause: problem }), proc),
          );
        },
      },
      load: connection.load,
      unload: connection.unload,
    };
  },
});
