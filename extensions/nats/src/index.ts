// The NATS kinds, as a flowc config lists them: `kinds: ['@flowc/nats']`.
import jetstream from './jetstream.ts';
import publish from './publish.ts';
import subscribe from './subscribe.ts';

export default [subscribe, publish, jetstream];
export { jetstream, publish, subscribe };
