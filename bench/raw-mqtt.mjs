// Hand-written MQTT relay with the library the mqtt kinds use: subscribe (QoS 1), add one to `n`, publish (QoS 0),
// and only then acknowledge the message (mqtt.js sends the PUBACK when handleMessage calls back), as the
// mqtt-subscribe → snippet → mqtt-publish bundle does.
import mqtt from 'mqtt';

const [url, input, output] = process.argv.slice(2);
const sub = await mqtt.connectAsync(url, { protocolVersion: 5, properties: { receiveMaximum: 16 } });
const pub = await mqtt.connectAsync(url, { protocolVersion: 5 });
sub.handleMessage = (packet, done) => {
  const message = JSON.parse(packet.payload.toString());
  pub.publish(output, JSON.stringify({ ...message, n: message.n + 1 }), { qos: 0, properties: { contentType: 'application/json' } }, () => done());
};
await sub.subscribeAsync(input, { qos: 1 });
process.stderr.write('consuming\n');
process.once('SIGTERM', async () => {
  await sub.endAsync();
  await pub.endAsync();
  process.exit(0);
});
