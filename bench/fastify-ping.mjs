// The framework reference: fastify 5 answering `GET /ping` → `pong`, as the ping bundle does.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/ping', (_request, reply) => {
  reply.type('text/plain; charset=utf-8').send('pong');
});
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stderr.write(`serving ${address}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
