// How long a run of acks takes to reach the broker when they are sent one by one, as flows finish: an
// mqtt.js subscriber (QoS 1) keeps back its PUBACKs, then sends ten, 0.5 ms apart, through a proxy in
// front of Mosquitto that notes when each PUBACK arrives. Prints the worst delay of each run (median, max).
//   node bench/mqtt-acks.mjs nagle|nodelay [runs=20]
// `nodelay` sets the socket as @flowc/mqtt does (connect.ts sendAtOnce); `nagle` is mqtt.js's default.
import net from 'node:net';
import mqtt from 'mqtt';

const noDelay = process.argv[2] === 'nodelay';
const RUNS = Number(process.argv[3] ?? 20);
const arrivals = [];
const server = net.createServer((socket) => {
  const upstream = net.connect(1883, '127.0.0.1');
  socket.setNoDelay(true);
  upstream.setNoDelay(true);
  socket.on('data', (chunk) => {
    // PUBACK without reason code or properties: 0x40 0x02 <id>.
    for (let i = 0; i + 1 < chunk.length; i++) if (chunk[i] === 0x40 && chunk[i + 1] === 2) arrivals.push(performance.now());
    upstream.write(chunk);
  });
  upstream.pipe(socket);
  socket.on('close', () => upstream.destroy());
  upstream.on('close', () => socket.destroy());
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const topic = `bench-acks/${process.pid}`;
const sub = await mqtt.connectAsync(`mqtt://127.0.0.1:${server.address().port}`, { protocolVersion: 5 });
if (noDelay) sub.stream.setNoDelay(true);
const send = sub._sendPacket.bind(sub);
let held = [];
sub._sendPacket = (packet, cb, ...rest) => {
  if (packet.cmd !== 'puback') return send(packet, cb, ...rest);
  held.push(packet);
  cb?.();
};
await sub.subscribeAsync(topic, { qos: 1 });
const pub = await mqtt.connectAsync('mqtt://127.0.0.1:1883', { protocolVersion: 5 });
const worst = [];
for (let run = 0; run < RUNS; run++) {
  held = [];
  arrivals.length = 0;
  const sent = [];
  await Promise.all(Array.from({ length: 10 }, (_, i) => pub.publishAsync(topic, String(i), { qos: 1 })));
  while (held.length < 10) await new Promise((resolve) => setTimeout(resolve, 5));
  for (const packet of held) {
    sent.push(performance.now());
    send(packet, () => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    for (const start = performance.now(); performance.now() - start < 0.5; );
  }
  while (arrivals.length < 10) await new Promise((resolve) => setTimeout(resolve, 1));
  worst.push(Math.max(...arrivals.map((at, i) => at - sent[i])));
}
worst.sort((a, b) => a - b);
console.log(`${noDelay ? 'noDelay' : 'Nagle (mqtt.js default)'}: worst ack delay per run of 10, ms: median ${worst[Math.floor(RUNS / 2)].toFixed(2)}, max ${worst[RUNS - 1].toFixed(2)}`);
await Promise.all([sub.endAsync(), pub.endAsync()]);
server.close();
