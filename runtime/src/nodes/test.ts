import { implement } from '../core/kind.ts';
import { TEST_RUN_PORT } from '../core/harness.ts';
import { isError } from '../core/packet.ts';
import { andThen, attempt } from '../core/settle.ts';
import definition from '../kinds/test.ts';


/**
 * Runs the workflow under test (`out[0]`) with a null payload; when `out[1]` is wired, sends it
 * `[answer, -1]` (uniflow's index before any frame). The test's answer is the first error met, or
 * the last answer: the runner fails the test on an error.
 */
export default implement(definition, {
  create({ out }) {
    const run = out('out[0]');
    const check = out('out[1]');
    return {
      inputs: {
        [TEST_RUN_PORT]: (_payload, proc) =>
          andThen(attempt(() => run.send(null, proc)), (answer) => (isError(answer) || !check.connected ? answer : check.send([answer, -1], proc))),
      },
    };
  },
});
