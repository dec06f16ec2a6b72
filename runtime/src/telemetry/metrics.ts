import { METHODS, type IncomingMessage, type ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CounterFamily, HistogramFamily } from './series.ts';
import { isError } from '../core/packet.ts';
import type { NodeInfo } from '../core/observer.ts';
import type { InHandler } from '../core/port.ts';

export { instrumented } from './instrument.ts';
export { serveTelemetry } from './server.ts';

const KNOWN_METHODS = new Set(METHODS);
const LATENCY_BUCKETS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5];

/**
 * The program's Prometheus metrics. Every label is a name written in the spec (namespace, node, kind,
 * port, listener, route as written in a router) or a bounded value (HTTP method, status): never a path,
 * a header or packet data, so the number of series stays as small as the spec.
 */
export class FlowMetrics {
  readonly registry = new Registry();
  private readonly packets = new CounterFamily('flowc_node_packets_total', 'Packets received by a node, per in-port', this.registry);
  private readonly errors = new CounterFamily('flowc_node_errors_total', 'Packets a node answered with an error (or threw on)', this.registry);
  private readonly latency = new HistogramFamily('flowc_node_duration_seconds', "Time until a node's answer, what it sent downstream included", this.registry, LATENCY_BUCKETS);
  private readonly requests = new CounterFamily('flowc_http_requests_total', 'HTTP requests answered, per listener, route and status', this.registry);
  private readonly requestLatency = new HistogramFamily('flowc_http_request_duration_seconds', 'Time from request to the end of its response', this.registry, LATENCY_BUCKETS);
  private readonly swaps = new Counter({ name: 'flowc_swaps_total', help: 'Program versions swapped in after the first', registers: [this.registry] });
  private readonly serving = new Gauge({ name: 'flowc_serving_info', help: 'The program version serving now (value 1)', labelNames: ['namespace', 'hash'], registers: [this.registry] });
  private readonly storeLag = new Histogram({
    name: 'flowc_store_change_lag_seconds',
    help: "Time from a store change's commit until this instance acted on it (swapped in, found unchanged or refused)",
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  private readonly routes = new WeakMap<ServerResponse, string>();
  private started = 0;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts and times every packet of one in-port (the labelled children are made once, here). */
  input(node: NodeInfo, port: string, handler: InHandler): InHandler {
    const labels = { namespace: node.namespace, node: node.name, kind: node.kind, port };
    const packets = this.packets.of(labels);
    const latency = this.latency.of(labels);
    const done = (answer: unknown, since: number): void => {
      if (isError(answer)) this.errors.of(labels).value++;
      latency.observe((performance.now() - since) / 1000);
    };
    return (payload, proc) => {
      packets.value++;
      const since = performance.now();
      let answer: unknown;
      try {
        answer = handler(payload, proc);
      } catch (thrown) {
        done(thrown instanceof Error ? thrown : new Error(String(thrown)), since);
        throw thrown;
      }
      if (!(answer instanceof Promise)) {
        done(answer, since);
        return answer;
      }
      return answer.then(
        (value: unknown) => (done(value, since), value),
        (thrown: unknown) => {
          done(thrown instanceof Error ? thrown : new Error(String(thrown)), since);
          throw thrown;
        },
      );
    };
  }

  /** The route a router matched for the request answered by `res`. */
  route(res: ServerResponse, route: string): void {
    this.routes.set(res, route);
  }

  /** Counts a request when its response ends (or its connection closes first). */
  request(listener: string, req: IncomingMessage, res: ServerResponse): void {
    const since = performance.now();
    res.once('close', () => {
      const method = KNOWN_METHODS.has(req.method ?? '') ? req.method! : 'OTHER';
      const route = this.routes.get(res) ?? '';
      // A response that never got its head out (the client left) is counted as 499, nginx's "client closed".
      const status = res.headersSent ? String(res.statusCode) : '499';
      const key = `${listener}\u0000${method}\u0000${route}`;
      this.requests.of({ listener, method, route, status }, `${key}\u0000${status}`).value++;
      this.requestLatency.of({ listener, method, route }, key).observe((performance.now() - since) / 1000);
    });
  }

  /** A program version serves now. */
  programStarted(meta: { readonly namespace: string; readonly hash: string }): void {
    if (this.started++ > 0) this.swaps.inc();
    this.serving.reset();
    this.serving.labels({ namespace: meta.namespace, hash: meta.hash }).set(1);
  }

  /** The store's changes one rebuild took in were acted on, `lagMs` after the oldest was committed. */
  storeChanged(lagMs: number): void {
    this.storeLag.observe(lagMs / 1000);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
