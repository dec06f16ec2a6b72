import { implement } from '../core/kind.ts';
import { isError } from '../core/packet.ts';
import type { OutPort } from '../core/port.ts';
import type { Process } from '../core/process.ts';
import { andThen, attempt } from '../core/settle.ts';
import definition from '../kinds/retry.ts';

/** Sends the input to `out` again while the answer is an error: at most `threshold + 1` attempts. */
export default implement(definition, {
  create({ fields, out }) {
    const output = out('out');
    const threshold = fields.threshold ?? 0;
    return { inputs: { in: (payload, proc) => send(output, payload, proc, threshold) } };
  },
});

function send(output: OutPort, payload: unknown, proc: Process, retries: number): unknown {
  return andThen(attempt(() => output.send(payload, proc)), (answer) =>
    // An aborted process (its client left) is not retried: the attempt's error is the answer.
    isError(answer) && retries > 0 && !proc.aborted ? send(output, payload, proc, retries - 1) : answer,
  );
}
