import type { Observer } from '../core/observer.ts';
import type { HostServices, RequestHandler } from '../core/services.ts';
import { exchangeOf } from '../http/exchange.ts';
import type { FlowMetrics } from './metrics.ts';
import type { Tracer } from './tracing.ts';

/** The host's listen and observer with metrics and tracing around them. */
export function instrumented(host: HostServices, metrics: FlowMetrics | undefined, tracer: Tracer | undefined): Pick<HostServices, 'listen' | 'observer'> {
  const observer: Observer = {
    input: (node, port, handler) => {
      const traced = tracer ? tracer.input(node, port, handler) : handler;
      return metrics ? metrics.input(node, port, traced) : traced;
    },
    route: (proc, route) => {
      const res = exchangeOf(proc)?.res;
      if (!res) return;
      metrics?.route(res, route);
      tracer?.route(res, route);
    },
    outgoing: (proc, node) => tracer?.outgoing(proc, node),
    started: (meta) => metrics?.programStarted(meta),
  };
  return {
    observer,
    listen: (options, handler) => {
      const listener = options.name ?? `${options.host ?? ''}:${options.port}`;
      const wrapped: RequestHandler = (req, res) => {
        metrics?.request(listener, req, res);
        tracer?.request(listener, req, res);
        handler(req, res);
      };
      return host.listen(options, wrapped);
    },
  };
}
