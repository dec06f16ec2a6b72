import { implement } from '../core/kind.ts';
import { attempt, joinAll } from '../core/settle.ts';
import definition from '../kinds/split.ts';

/** Element i of a list goes to `out[i]`; the answers are joined in port order. */
export default implement(definition, {
  create({ indexed }) {
    const ports = indexed('out');
    return {
      inputs: {
        in(payload, proc) {
          const parts: readonly unknown[] = Array.isArray(payload) ? payload : [payload];
          const count = Math.min(parts.length, ports.length);
          // Nothing sent (no out port, or an empty list): the input is echoed, as for any node without a target.
          if (count === 0) return payload;
          const answers: unknown[] = [];
          for (let i = 0; i < count; i++) {
            const port = ports[i]!;
            const part = parts[i];
            answers.push(attempt(() => port.send(part, proc)));
          }
          return joinAll(answers);
        },
      },
    };
  },
});
