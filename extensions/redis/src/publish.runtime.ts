import { encodeMessage, FlowError, implement, type Lease } from '@flowc/runtime';
import type { Redis } from 'ioredis';
import { redisArg } from './args.ts';
import { publishProblems, throwFirst } from './checks.ts';
import { sharedClient } from './client.ts';
import definition from './publish.ts';

export default implement(definition, {
  create({ name, fields, out, host }) {
    throwFirst(publishProblems(fields));
    const output = out('out');
    const error = out('error');
    const label = `redis-publish \`${name}\``;
    const trim = fields.maxLen === undefined ? [] : ['MAXLEN', '~', String(fields.maxLen)];
    let lease: Lease<Redis> | undefined;

    const publish = (client: Redis, payload: unknown): Promise<unknown> => {
      const { bytes, contentType } = encodeMessage(payload, fields.contentType);
      const data = redisArg(bytes);
      if (fields.channel !== undefined) return client.publish(fields.channel, data);
      return client.call('XADD', fields.stream!, ...trim, '*', 'data', data, 'content-type', contentType);
    };

    return {
      inputs: {
        in(payload, proc) {
          const client = lease?.value;
          if (!client) return error.send(new FlowError(`${label} is not connected`), proc);
          return publish(client, payload).then(
            (answer) => output.send(answer, proc),
            (problem: unknown) => error.send(new FlowError(`${label}: ${(problem as Error).message}`, { cause: problem }), proc),
          );
        },
      },
      async load() {
        try {
          lease = await sharedClient(host, fields.url, label);
        } catch (problem) {
          throw new Error(`node \`${name}\`: cannot connect to Redis: ${(problem as Error).message}`);
        }
      },
      async unload() {
        const held = lease;
        lease = undefined;
        await held?.release();
      },
    };
  },
});
