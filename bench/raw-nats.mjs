// Hand-written NATS relay with the library the nats kinds use: subscribe, add one to `n`, publish.
import { connect, headers } from 'nats';

const [url, input, output] = process.argv.slice(2);
const nc = await connect({ servers: url });
const sub = nc.subscribe(input);
process.once('SIGTERM', async () => {
  await nc.drain();
  process.exit(0);
});
(async () => {
  for await (const msg of sub) {
    const message = JSON.parse(new TextDecoder().decode(msg.data));
    const h = headers();
    h.set('Content-Type', 'application/json');
    nc.publish(output, new TextEncoder().encode(JSON.stringify({ ...message, n: message.n + 1 })), { headers: h });
  }
})();
await nc.flush();
process.stderr.write('consuming\n');
