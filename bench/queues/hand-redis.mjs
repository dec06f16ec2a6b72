// The hand-written Redis client bench/queues.mjs compares with: the same work as redis.yaml, with ioredis.
import { Redis } from 'ioredis';

const { REDIS_URL, IN, OUT } = process.env;
const reader = new Redis(REDIS_URL);
const writer = new Redis(REDIS_URL);
let running = true;
process.once('SIGTERM', () => (running = false));
const handle = async (id, fields) => {
  const data = fields[fields.indexOf('data') + 1];
  const body = JSON.parse(data);
  await writer.xadd(OUT, '*', 'data', JSON.stringify({ ...body, total: body.price * body.quantity }), 'content-type', 'application/json');
  await writer.xack(IN, 'bench', id);
};
while (running) {
  const reply = await reader.xreadgroup('GROUP', 'bench', 'c1', 'COUNT', 64, 'BLOCK', 200, 'STREAMS', IN, '>');
  if (reply) await Promise.all(reply[0][1].map(([id, fields]) => handle(id, fields)));
}
reader.disconnect();
writer.disconnect();
