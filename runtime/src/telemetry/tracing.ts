import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type TextMapGetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { isError } from '../core/packet.ts';
import type { NodeInfo } from '../core/observer.ts';
import type { InHandler } from '../core/port.ts';
import type { Process } from '../core/process.ts';
import type { HostServices } from '../core/services.ts';
import { exchangeOf } from '../http/exchange.ts';

export { instrumented } from './instrument.ts';

/** The tracing a program runs with (see startTracing). */
export type Tracer = Awaited<ReturnType<typeof startTracing>>;

/** Reads `traceparent`/`tracestate` from the raw header pairs: the listener never builds Node's `req.headers`, nor does tracing. */
const getter: TextMapGetter<readonly string[]> = {
  keys: (raw) => raw.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase()),
  get: (raw, key) => {
    for (let i = 0; i < raw.length; i += 2) if (raw[i]!.length === key.length && raw[i]!.toLowerCase() === key) return raw[i + 1];
    return undefined;
  },
};

/** What a request's spans share: its server span and the span of each node working on it now. */
interface RequestTrace {
  readonly span: Span;
  /** The request's context with its span: the parent of node spans and what goes upstream. */
  readonly context: Context;
  readonly nodes: Map<string, Span>;
  route?: string;
}

/** A request the sampler left out: its trace goes upstream (flag 00), nothing is recorded; the context is made only if asked for. */
class UnsampledTrace implements RequestTrace {
  private made: Context | undefined;
  readonly nodes = new Map<string, Span>();
  constructor(
    readonly span: Span,
    private readonly parent: Context,
  ) {}
  get context(): Context {
    return (this.made ??= trace.setSpan(this.parent, this.span));
  }
}

/**
 * Spans for requests and nodes, exported over OTLP/HTTP as the standard OTEL_* variables say
 * (endpoint, headers, sampler: `OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.1`).
 * A request's `traceparent` is its parent; each node's span is a child of the request's; `http` and
 * `proxy` send their node span's context upstream. Attributes are names and places from the spec, the
 * HTTP method, route and status: never packet data.
 */
export async function startTracing(host: HostServices) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env['OTEL_SERVICE_NAME'] || 'flowc' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  const tracer = provider.getTracer('flowc');
  const propagator = new W3CTraceContextPropagator();
  const requests = new WeakMap<ServerResponse, RequestTrace>();
  const traceOf = (proc: Process): RequestTrace | undefined => {
    const res = exchangeOf(proc)?.res;
    return res && requests.get(res);
  };
  host.log('info', 'tracing: spans exported over OTLP/HTTP');

  return {
    request(listener: string, req: IncomingMessage, res: ServerResponse, next: () => void): void {
      const parent = propagator.extract(ROOT_CONTEXT, req.rawHeaders, getter);
      const method = req.method ?? 'GET';
      const span = tracer.startSpan(method, { kind: SpanKind.SERVER }, parent);
      // A request the sampler left out still carries its trace upstream, but has nothing to record or end.
      if (!span.isRecording()) {
        requests.set(res, new UnsampledTrace(span, parent));
        return next();
      }
      span.setAttributes({ 'http.request.method': method, 'flowc.listener': listener });
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
      next();
    },

    route(res: ServerResponse, route: string): void {
      const request = requests.get(res);
      if (request) request.route = route;
    },

    input(node: NodeInfo, port: string, handler: InHandler): InHandler {
      const attributes = { 'flowc.node': node.name, 'flowc.kind': node.kind, 'flowc.namespace': node.namespace, 'flowc.port': port, ...(node.loc ? { 'code.location': node.loc } : {}) };
      return (payload, proc) => {
        const request = traceOf(proc);
        if (!request?.span.isRecording()) return handler(payload, proc);
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
      const request = traceOf(proc);
      if (!request) return undefined;
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
