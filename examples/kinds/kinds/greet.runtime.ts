// The `greet` kind's implementation: bundled into programs that use the kind, with its dependencies.
import { capitalCase, constantCase, snakeCase } from 'change-case';
import { FlowError, implement } from '@flowc/runtime';
import greet from './greet.ts';

const STYLES = { capital: capitalCase, constant: constantCase, snake: snakeCase } as const;

export default implement(greet, {
  create({ fields, out }) {
    const output = out('out');
    const error = out('error');
    const style = fields.style === undefined ? (name: string) => name : STYLES[fields.style];
    return {
      inputs: {
        in(payload, proc) {
          const request = payload as { params?: { name?: unknown }; body?: { name?: unknown } } | null;
          const name = request?.params?.name ?? request?.body?.name;
          if (typeof name !== 'string' || name === '') return error.send(new FlowError('greet: no name to greet'), proc);
          return output.send(`${fields.greeting}, ${style(name)}!`, proc);
        },
      },
    };
  },
});
