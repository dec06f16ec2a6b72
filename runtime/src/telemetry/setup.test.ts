import { describe, expect, it } from 'vitest';
import type { HostServices } from '../core/services.ts';
import { observe, readSettings } from './setup.ts';
import { parseAddress } from './server.ts';

describe('telemetry settings', () => {
  it('take flags over the environment, and are all off by default', () => {
    expect(readSettings({}, {})).toEqual({ logLevel: 'info', tracing: false });
    expect(readSettings({}, { FLOWC_LOG_LEVEL: 'WARN', FLOWC_METRICS: '127.0.0.1:9464' })).toEqual({ logLevel: 'warn', metrics: '127.0.0.1:9464', tracing: false });
    expect(readSettings({ logLevel: 'debug', metrics: ':9000' }, { FLOWC_LOG_LEVEL: 'warn', FLOWC_METRICS: '127.0.0.1:1' })).toMatchObject({ logLevel: 'debug', metrics: ':9000' });
  });

  it('turn tracing on with an OTLP endpoint, unless the SDK is disabled or the exporter is none', () => {
    expect(readSettings({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).tracing).toBe(true);
    expect(readSettings({}, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }).tracing).toBe(true);
    expect(readSettings({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x', OTEL_SDK_DISABLED: 'true' }).tracing).toBe(false);
    expect(readSettings({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x', OTEL_TRACES_EXPORTER: 'none' }).tracing).toBe(false);
  });

  it('refuse an unknown log level', () => {
    expect(() => readSettings({ logLevel: 'loud' }, {})).toThrow('log level "loud": expected one of debug, info, warn, error, silent');
  });

  it('parse metrics addresses', () => {
    expect(parseAddress('127.0.0.1:9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseAddress('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseAddress(':9464')).toEqual({ port: 9464 });
    expect(parseAddress('9464')).toEqual({ port: 9464 });
    expect(() => parseAddress('localhost')).toThrow('--metrics expects HOST:PORT');
  });
});

describe('observe without built-in features', () => {
  const base = (lines: string[]): HostServices => ({
    listen: () => Promise.reject(new Error('unused')),
    write: () => 0,
    log: (level, message) => void lines.push(`${level}: ${message}`),
  });

  it('filters plain log lines by level and instruments nothing', async () => {
    const lines: string[] = [];
    const telemetry = await observe(base(lines), readSettings({ logLevel: 'warn' }, {}), {});
    telemetry.host.log('info', 'hidden');
    telemetry.host.log('warn', 'shown');
    telemetry.host.log('error', 'shown too');
    expect(lines).toEqual(['warn: shown', 'error: shown too']);
    expect(telemetry.host.observer).toBeUndefined();
    expect(telemetry.endpoint).toBeUndefined();
  });

  it('refuses metrics it was built without, and warns about tracing it cannot do', async () => {
    await expect(observe(base([]), readSettings({ metrics: '127.0.0.1:0' }, {}), {})).rejects.toThrow('this bundle was built without metrics; build it with `flowc build --observe metrics`');
    const lines: string[] = [];
    await observe(base(lines), readSettings({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' }), {});
    expect(lines).toEqual(['warn: an OTLP endpoint is set, but this bundle was built without tracing (flowc build --observe tracing): no spans are exported']);
  });
});
