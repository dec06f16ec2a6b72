// The hand-written AMQP client bench/queues.mjs compares with: the same work as amqp.yaml, with amqplib.
import amqp from 'amqplib';

const { AMQP_URL, IN, OUT } = process.env;
const connection = await amqp.connect(AMQP_URL);
const consumer = await connection.createChannel();
const publisher = await connection.createConfirmChannel();
await consumer.prefetch(64);
await consumer.consume(IN, (message) => {
  const body = JSON.parse(message.content.toString());
  const out = Buffer.from(JSON.stringify({ ...body, total: body.price * body.quantity }));
  publisher.publish('', OUT, out, { persistent: true, contentType: 'application/json' }, (error) => {
    if (error) consumer.nack(message, false, true);
    else consumer.ack(message);
  });
});
process.once('SIGTERM', () => connection.close().then(() => process.exit(0)));
