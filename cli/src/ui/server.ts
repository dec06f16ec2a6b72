import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphView } from '@flowc/compiler';
import { renderGraph } from '@flowc/compiler/graph/index';
import type { Debugger } from '@flowc/runtime/debug/debugger';
import { Monitor } from '@flowc/runtime/debug/monitor';
import { livePage } from './page.ts';

export interface LiveViewOptions {
  /** `host:port`, `:port` or `port`; loopback unless a host says otherwise. */
  readonly address: string;
  readonly debug: Debugger;
  /** Milliseconds between two figures pushed to the page (default 1000). */
  readonly intervalMs?: number;
}

export interface LiveView {
  /** The page's address (with `?token=` when it needs one). */
  readonly url: string;
  /** A new good build: its graph is drawn and the page redraws, marking what changed. */
  show(view: GraphView): void;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * `flowc watch --run --ui`: a local page with the graph and, pushed as server-sent events, packets per
 * second on each wire and packets, latency and errors per node. Bound to loopback by default; any other
 * address requires a token (printed in the URL).
 */
export async function startLiveView(options: LiveViewOptions): Promise<LiveView> {
  const { host, port } = parseAddress(options.address);
  const token = isLoopback(host) ? undefined : randomBytes(18).toString('base64url');
  const monitor = new Monitor(options.debug);
  const clients = new Set<ServerResponse>();
  let current: { view: GraphView; svg: string; changed: string[] } | undefined;

  const push = (event: string, data: unknown): void => {
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of clients) res.write(text);
  };
  const timer = setInterval(() => push('stats', monitor.snapshot()), options.intervalMs ?? 1000);
  timer.unref();

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://ui');
    if (token !== undefined && !authorised(req, url, token)) return send(res, 401, 'text/plain', 'a token is required: open the URL flowc printed\n');
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'GET only\n');
    switch (url.pathname) {
      case '/':
        return send(res, 200, 'text/html; charset=utf-8', livePage());
      case '/graph':
        return current ? json(res, current) : send(res, 503, 'text/plain', 'no program is serving yet\n');
      case '/node': {
        const key = url.searchParams.get('key') ?? '';
        const node = current?.view.nodes.find((n) => n.key === key);
        if (!node) return send(res, 404, 'text/plain', `no node ${key}\n`);
        const symbol = options.debug.symbol(key);
        return json(res, { node, spec: symbol?.spec ?? null, recent: monitor.recent(key), lastError: monitor.lastError(key) ?? null });
      }
      case '/events':
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': flowc\n\n');
        clients.add(res);
        req.once('close', () => clients.delete(res));
        return;
      default:
        return send(res, 404, 'text/plain', 'not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const bound = server.address() as AddressInfo;
  const shown = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    url: `http://${shown}:${bound.port}/${token ? `?token=${token}` : ''}`,
    show(view) {
      const before = current?.view;
      current = { view, svg: renderGraph(view, 'svg'), changed: before ? changedNodes(before, view) : [] };
      push('graph', { changed: current.changed });
    },
    async close() {
      clearInterval(timer);
      monitor.close();
      for (const res of clients) res.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Nodes that are new, or whose kind, location or ports differ from the previous version's. */
export function changedNodes(before: GraphView, after: GraphView): string[] {
  const old = new Map(before.nodes.map((n) => [n.key, JSON.stringify([n.kind, n.location, n.inputs, n.outputs])]));
  return after.nodes.filter((n) => old.get(n.key) !== JSON.stringify([n.kind, n.location, n.inputs, n.outputs])).map((n) => n.key);
}

function parseAddress(address: string): { host: string; port: number } {
  const m = /^(?:\[?([^\]]*?)\]?:)?(\d+)$/.exec(address.trim());
  if (!m) throw new Error(`--ui expects host:port, :port or port, got ${JSON.stringify(address)}`);
  return { host: m[1] || '127.0.0.1', port: Number(m[2]) };
}

function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

function authorised(req: IncomingMessage, url: URL, token: string): boolean {
  const given = url.searchParams.get('token') ?? /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function json(res: ServerResponse, data: unknown): void {
  send(res, 200, 'application/json', JSON.stringify(data));
}
