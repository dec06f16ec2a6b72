import { defineKind } from '@flowc/runtime';
import { Type } from '@flowc/runtime/schema';
import { commandsProblems } from './checks.ts';
import { url } from './fields.ts';

/**
 * Runs Redis commands: `["SET", "k", "v"]`, or a list of commands run as one MULTI/EXEC transaction; with
 * `command` set, the payload is that command's arguments. Answers with Redis's reply.
 */
export default defineKind({
  kind: 'redis',
  description: 'Runs a Redis command (`["SET", "k", "v"]`, or a list of them as one MULTI/EXEC transaction) and answers with the reply.',
  schema: Type.Object({
    url,
    command: Type.Optional(Type.String({ minLength: 1, description: 'the command to run; the payload is then its arguments (a list, or one value)' })),
    bytes: Type.Optional(Type.Boolean({ description: 'answer bulk strings as bytes instead of text (default false)' })),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: './redis.runtime.ts',
  check: (fields) => commandsProblems(fields),
});
