// The Redis kinds, as a flowc config lists them: `kinds: ['@flowc/redis']`.
import publish from './publish.ts';
import redis from './redis.ts';
import stream from './stream.ts';
import subscribe from './subscribe.ts';

export default [redis, publish, subscribe, stream];
export { publish, redis, stream, subscribe };
