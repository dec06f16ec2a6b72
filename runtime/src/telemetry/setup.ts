import type { HostServices } from '../core/services.ts';
import type { LogLevel } from '../log/pino.ts';
import { Readiness } from '../core/readiness.ts';
import type { TelemetryEndpoint } from './server.ts';

/**
 * The telemetry a program was built with, each loaded only when it is turned on. A bundle built
 * without one does not contain it (`flowc build --observe logs,metrics,tracing`); `flowc run` has all.
 */
export interface Features {
  readonly logs?: () => Promise<typeof import('../log/pino.ts')>;
  readonly metrics?: () => Promise<typeof import('./metrics.ts')>;
  readonly tracing?: () => Promise<typeof import('./tracing.ts')>;
}

/** What is turned on, from the command line and the environment. */
export interface Settings {
  readonly logLevel: LogLevel;
  /** Address of the metrics and health endpoint. */
  readonly metrics?: string;
  /** OTLP/HTTP export configured by OTEL_* variables. */
  readonly tracing: boolean;
}

export interface TelemetryFlags {
  readonly logLevel?: string;
  readonly metrics?: string;
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/** `--log-level` over FLOWC_LOG_LEVEL; `--metrics` over FLOWC_METRICS; tracing when an OTLP endpoint is set. */
export function readSettings(flags: TelemetryFlags, env: Readonly<Record<string, string | undefined>>): Settings {
  const level = (flags.logLevel ?? env['FLOWC_LOG_LEVEL'] ?? 'info').toLowerCase();
  if (!LEVELS.includes(level as LogLevel)) throw new Error(`log level ${JSON.stringify(level)}: expected one of ${LEVELS.join(', ')}`);
  const metrics = flags.metrics ?? (env['FLOWC_METRICS'] || undefined);
  const tracing =
    env['OTEL_SDK_DISABLED'] !== 'true' &&
    env['OTEL_TRACES_EXPORTER'] !== 'none' &&
    Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_TRACES_EXPORTER'] === 'otlp');
  return { logLevel: level as LogLevel, ...(metrics ? { metrics } : {}), tracing };
}

/** A host with the telemetry turned on, and the program's lifecycle as health sees it. */
export interface Telemetry {
  readonly host: HostServices;
  /** Where `/metrics`, `/healthz` and `/readyz` are served, when they are. */
  readonly endpoint?: TelemetryEndpoint;
  /** Every listener is bound: `/readyz` answers 200 once every readiness source is ready too (unless draining already). */
  ready(): void;
  /** The program was told to stop: `/readyz` answers 503 from now on, before any listener closes. */
  draining(): void;
  /** The store's changes were acted on, `lagMs` after the oldest was committed (`flowc_store_change_lag_seconds`). */
  storeChanged(lagMs: number): void;
  /** Flushes spans and closes the endpoint. */
  close(): Promise<void>;
}

/** Loads what is turned on and wraps the host with it. A feature turned on but not built in is an error. */
export async function observe(base: HostServices, settings: Settings, features: Features): Promise<Telemetry> {
  const missing = (what: string, flag: string): Error => new Error(`${flag}: this bundle was built without ${what}; build it with \`flowc build --observe ${what}\``);
  if (settings.metrics && !features.metrics) throw missing('metrics', '--metrics');
  let host: HostServices = { ...base, log: await logFor(base, settings.logLevel, features) };
  if (settings.tracing && !features.tracing) host.log('warn', `an OTLP endpoint is set, but this bundle was built without tracing (flowc build --observe tracing): no spans are exported`);

  const readiness = new Readiness();
  // Broker consumers and the store's change stream add themselves (core/readiness.ts).
  host = { ...host, readiness };
  const metricsModule = settings.metrics ? await features.metrics!() : undefined;
  const tracingModule = settings.tracing && features.tracing ? await features.tracing() : undefined;
  const metrics = metricsModule && new metricsModule.FlowMetrics();
  const tracer = tracingModule && (await tracingModule.startTracing(host));
  const instrumented = (metricsModule ?? tracingModule)?.instrumented;
  if (instrumented) host = { ...host, ...instrumented(host, metrics, tracer) };
  let endpoint: TelemetryEndpoint | undefined;
  if (metricsModule && settings.metrics) {
    endpoint = await metricsModule.serveTelemetry(settings.metrics, readiness, metrics);
    const { host: address, port } = endpoint.address;
    host.log('info', `metrics and health on http://${address.includes(':') ? `[${address}]` : address}:${port} (/metrics, /healthz, /readyz)`);
  }
  return {
    host,
    ...(endpoint ? { endpoint } : {}),
    ready: () => readiness.serving(),
    draining: () => readiness.draining(),
    storeChanged: (lagMs) => metrics?.storeChanged(lagMs),
    close: async () => {
      await tracer?.shutdown();
      await endpoint?.close();
    },
  };
}

async function logFor(base: HostServices, level: LogLevel, features: Features): Promise<HostServices['log']> {
  if (features.logs) return (await features.logs()).pinoLog(level).log;
  const threshold = RANK[level];
  return (lineLevel, message, fields) => {
    if (RANK[lineLevel] >= threshold) base.log(lineLevel, message, fields);
  };
}

