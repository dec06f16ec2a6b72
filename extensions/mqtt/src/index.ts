// The MQTT kinds, as a flowc config lists them: `kinds: ['@flowc/mqtt']`.
import publish from './publish.ts';
import subscribe from './subscribe.ts';

export default [subscribe, publish];
export { publish, subscribe };
