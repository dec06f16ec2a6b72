import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Context, type Span } from '@opentelemetry/api';
import { TraceState, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { isError } from '../core/packet.ts';
import type { NodeInfo } from '../core/observer.ts';
import type { InHandler } from '../core/port.ts';
import type { Process } from '../core/process.ts';
import type { HostServices } from '../core/services.ts';
import { exchangeOf } from '../http/exchange.ts';
import { newSpanId, newTraceId, parentOf, samplerFromEnv } from './sampling.ts';

export { instrumented } from './instrument.ts';

/** The tracing a program runs with (see startTracing). */
export type Tracer = Awaited<ReturnType<typeof startTracing>>;

/** What a sampled request's spans share: its server span and the span of each node working on it now. */
interface RequestTrace {
  readonly span: Span;
  /** The request's context with its span: the parent of node spans and what goes upstream. */
  readonly context: Context;
  readonly nodes: Map<string, Span>;
  route?: string;
}

/** What an unsampled request passes upstream (flag 00): made the first time a node sends one. */
interface Passed {
  readonly traceId: string;
  readonly spanId: string;
  readonly state?: string;
}

/**
 * Spans for requests and nodes, exported over OTLP/HTTP as the standard OTEL_* variables say
 * (endpoint, headers, sampler: `OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.1`).
 * Sampling is decided once per request, at the listener, from its `traceparent`: a request left out makes
 * no span, no context and no attribute, and its nodes run unwrapped but for one lookup; it still passes its
 * trace upstream (flag 00). A sampled request's `traceparent` is its parent; each node's span is a child of
 * the request's; `http` and `proxy` send their node span's context upstream. Attributes are names and
 * places from the spec, the HTTP method, route and status: never packet data.
 */
export async function startTracing(host: HostServices) {
  const sampler = samplerFromEnv(process.env);
  if (sampler.warning) host.log('warn', `tracing: ${sampler.warning}`);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env['OTEL_SERVICE_NAME'] || 'flowc' }),
    // Requests are sampled here, once; every span made belongs to a sampled request.
    sampler: new AlwaysOnSampler(),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  const tracer = provider.getTracer('flowc');
  const propagator = new W3CTraceContextPropagator();
  /** Sampled requests, by their response: a request not here is not traced. */
  const requests = new WeakMap<ServerResponse, RequestTrace>();
  const passed = new WeakMap<ServerResponse, Passed>();
  const traceOf = (proc: Process): RequestTrace | undefined => {
    const res = exchangeOf(proc)?.res;
    return res && requests.get(res);
  };
  /** An unsampled request's trace as it goes upstream: the client's trace id (or a new one) and a span id of its own, flag 00. */
  const unsampled = (res: ServerResponse, req: IncomingMessage): Record<string, string> => {
    let trace = passed.get(res);
    if (!trace) {
      const remote = parentOf(req.rawHeaders);
      trace = { traceId: remote?.traceId ?? newTraceId(), spanId: newSpanId(), ...(remote?.state ? { state: remote.state } : {}) };
      passed.set(res, trace);
    }
    return { traceparent: `00-${trace.traceId}-${trace.spanId}-00`, ...(trace.state ? { tracestate: trace.state } : {}) };
  };
  host.log('info', 'tracing: spans exported over OTLP/HTTP');

  return {
    request(listener: string, req: IncomingMessage, res: ServerResponse): void {
      const remote = parentOf(req.rawHeaders);
      if (!sampler.sample(remote)) return;
      const parent = remote
        ? trace.setSpanContext(ROOT_CONTEXT, {
            traceId: remote.traceId,
            spanId: remote.spanId,
            traceFlags: remote.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
            isRemote: true,
            ...(remote.state ? { traceState: new TraceState(remote.state) } : {}),
          })
        : ROOT_CONTEXT;
      const method = req.method ?? 'GET';
      const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'flowc.listener': listener } }, parent);
      const request: RequestTrace = { span, context: trace.setSpan(parent, span), nodes: new Map() };
      requests.set(res, request);
      res.once('close', () => {
        const status = res.headersSent ? res.statusCode : 499;
        span.setAttribute('http.response.status_code', status);
        if (request.route !== undefined) {
          span.setAttribute('http.route', request.route);
          span.updateName(`${method} ${request.route}`);
        }
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
    },

    route(res: ServerResponse, route: string): void {
      const request = requests.get(res);
      if (request) request.route = route;
    },

    input(node: NodeInfo, port: string, handler: InHandler): InHandler {
      const attributes = { 'flowc.node': node.name, 'flowc.kind': node.kind, 'flowc.namespace': node.namespace, 'flowc.port': port, ...(node.loc ? { 'code.location': node.loc } : {}) };
      return (payload, proc) => {
        const request = traceOf(proc);
        if (!request) return handler(payload, proc);
        const span = tracer.startSpan(node.name, { attributes }, request.context);
        request.nodes.set(node.name, span);
        const end = (answer: unknown): void => {
          if (isError(answer)) span.setStatus({ code: SpanStatusCode.ERROR, message: `${node.kind} \`${node.name}\` answered an error` });
          if (request.nodes.get(node.name) === span) request.nodes.delete(node.name);
          span.end();
        };
        let answer: unknown;
        try {
          answer = handler(payload, proc);
        } catch (thrown) {
          end(thrown instanceof Error ? thrown : new Error(String(thrown)));
          throw thrown;
        }
        if (!(answer instanceof Promise)) {
          end(answer);
          return answer;
        }
        return answer.then(
          (value: unknown) => (end(value), value),
          (thrown: unknown) => {
            end(thrown instanceof Error ? thrown : new Error(String(thrown)));
            throw thrown;
          },
        );
      };
    },

    /** `traceparent` (and `tracestate`) for a request node `node` sends upstream on behalf of `proc`. */
    outgoing(proc: Process, node: string): Record<string, string> | undefined {
      const exchange = exchangeOf(proc);
      if (!exchange) return undefined;
      const request = requests.get(exchange.res);
      if (!request) return unsampled(exchange.res, exchange.req);
      const span = request.nodes.get(node);
      const carrier: Record<string, string> = {};
      propagator.inject(span ? trace.setSpan(request.context, span) : request.context, carrier, { set: (c, k, v) => (c[k] = v) });
      return carrier;
    },

    shutdown(): Promise<void> {
      return provider.shutdown();
    },
  };
}
