import { implement } from '../core/kind.ts';
import { parseDuration } from '../core/duration.ts';
import { toError } from '../core/packet.ts';
import type { OutPort } from '../core/port.ts';
import { portIndex } from '../core/port-index.ts';
import { celPredicate, type CelProgram } from '../lang/cel.ts';
import definition from '../kinds/switch.ts';

/** Sends the input to the port of the first match whose CEL condition is truthy. */
export default implement(definition, {
  create({ fields, modules, indexed, out }) {
    const timeout = fields.timeout === undefined ? 0 : parseDuration(fields.timeout);
    const ports = indexed('out');
    const error = out('error');
    const cases: Array<{ when: CelProgram<boolean>; port: OutPort | undefined }> = fields.matches.map((m, i) => ({
      when: celPredicate(m.when, modules, ['matches', i, 'when'], { timeout }),
      port: ports[portIndex(m.port) ?? -1],
    }));
    return {
      inputs: {
        in(payload, proc) {
          for (const c of cases) {
            let matched: boolean;
            try {
              matched = c.when(payload);
            } catch (thrown) {
              return error.send(toError(thrown), proc);
            }
            // The compiler rejects a match whose port is not wired; a missing port echoes like an unwired one.
            if (matched) return c.port ? c.port.send(payload, proc) : payload;
          }
          return payload;
        },
      },
    };
  },
});
