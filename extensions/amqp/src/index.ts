// The AMQP kinds, as a flowc config lists them: `kinds: ['@flowc/amqp']`.
import consume from './consume.ts';
import publish from './publish.ts';

export default [consume, publish];
export { consume, publish };
