// The baseline: a reverse proxy written directly on node:http with the client the proxy node uses
// (http.request over a keep-alive Agent): same header handling (hop-by-hop dropped, Host, X-Forwarded-*),
// body piped both ways.
import { Agent, createServer, request } from 'node:http';

const upstream = new URL(process.env.UPSTREAM);
const agent = new Agent({ keepAlive: true });
const DROPPED = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto']);

const server = createServer((req, res) => {
  const headers = [];
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) if (!DROPPED.has(raw[i].toLowerCase())) headers.push(raw[i], raw[i + 1]);
  headers.push('Host', upstream.host, 'X-Forwarded-For', req.socket.remoteAddress, 'X-Forwarded-Proto', 'http');
  if (req.headers.host) headers.push('X-Forwarded-Host', req.headers.host);
  const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (up) => {
    const back = [];
    const r = up.rawHeaders;
    for (let i = 0; i < r.length; i += 2) if (!DROPPED.has(r[i].toLowerCase())) back.push(r[i], r[i + 1]);
    res.writeHead(up.statusCode, back);
    up.pipe(res);
  });
  out.on('error', () => {
    res.writeHead(502, { 'Content-Length': '0' });
    res.end();
  });
  req.pipe(out);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stderr.write(`serving http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
