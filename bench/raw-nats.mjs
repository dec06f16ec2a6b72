// Hand-written NATS relay with the library the nats kinds use: subscribe, add one to `n`, publish.
//
// Written as tight as the library allows, so that the comparison does not flatter flowc: a subscription
// callback (the messages of one socket read are handled in one turn, so their publishes leave in one write —
// what the nats-subscribe kind does too), Buffer.from to encode (faster than TextEncoder for small messages),
// one header set, and the same bytes on the wire as the flowc relay (`Content-Type: application/json;
// charset=utf-8`, compact JSON).
import { connect, headers } from 'nats';

const [url, input, output] = process.argv.slice(2);
const nc = await connect({ servers: url });
const decoder = new TextDecoder();
const h = headers();
h.set('Content-Type', 'application/json; charset=utf-8');
nc.subscribe(input, {
  callback: (_error, msg) => {
    const message = JSON.parse(decoder.decode(msg.data));
    nc.publish(output, Buffer.from(JSON.stringify({ ...message, n: message.n + 1 })), { headers: h });
  },
});
process.once('SIGTERM', async () => {
  await nc.drain();
  process.exit(0);
});
await nc.flush();
process.stderr.write('consuming\n');
