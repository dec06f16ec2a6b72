// Two bundles of the same spec (before and after a change), compared by the server CPU each request costs:
// interleaved rounds of a fixed number of requests. CPU per request moves far less than req/s when other
// work shares the machine, which is what makes a before/after comparison readable on a busy host.
// Usage: node bench/ab.mjs <before.mjs> <after.mjs> [rounds=5] [requests=50000] [path=/ping]
import autocannon from 'autocannon';
import { cpuSeconds, machine, median, startServer } from './lib.mjs';

const [before, after] = process.argv.slice(2, 4);
if (!before || !after) throw new Error('usage: node bench/ab.mjs <before.mjs> <after.mjs> [rounds] [requests] [path]');
const rounds = Number(process.argv[4] ?? 5);
const requests = Number(process.argv[5] ?? 50_000);
const path = process.argv[6] ?? '/ping';

/** Sends `amount` requests over 16 connections; resolves with the non-2xx and error counts. */
function send(url, amount) {
  return new Promise((resolve, reject) =>
    autocannon({ url, connections: 16, amount, pipelining: 1 }, (error, r) => (error ? reject(error) : resolve(r.errors + r.non2xx + r.timeouts))),
  );
}

const samples = { before: [], after: [] };
for (let round = 1; round <= rounds; round++) {
  const order = round % 2 ? ['before', 'after'] : ['after', 'before'];
  for (const name of order) {
    const server = await startServer(name === 'before' ? before : after, [], { PORT: '0' });
    const url = `http://127.0.0.1:${server.port}${path}`;
    await send(url, 5_000); // warm-up
    const cpu0 = cpuSeconds(server.pid);
    const errors = await send(url, requests);
    const us = ((cpuSeconds(server.pid) - cpu0) * 1e6) / requests;
    await server.stop();
    samples[name].push(us);
    console.log(`round ${round} ${name.padEnd(6)} ${us.toFixed(2)} µs/request  errors ${errors}`);
  }
}
const b = median(samples.before);
const a = median(samples.after);
console.log(JSON.stringify({ machine: machine(), command: `node bench/ab.mjs ${process.argv.slice(2).join(' ')}`, rounds, requests, beforeUs: b, afterUs: a, ratio: a / b, samples }, null, 2));
