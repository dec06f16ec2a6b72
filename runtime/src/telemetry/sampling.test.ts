import { describe, expect, it } from 'vitest';
import { parentOf, parseTraceparent, samplerFromEnv, type TraceParent } from './sampling.ts';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('traceparent', () => {
  it('reads a valid header and its sampled flag', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`, 'a=1')).toEqual({ traceId: TRACE, spanId: SPAN, sampled: false, state: 'a=1' });
    // A later version may add fields after the flags.
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-03-extra`)?.sampled).toBe(true);
  });

  it('refuses what W3C Trace Context calls invalid', () => {
    for (const bad of [
      `ff-${TRACE}-${SPAN}-01`,
      `00-${TRACE}-${SPAN}-01-extra`,
      `00-${'0'.repeat(32)}-${SPAN}-01`,
      `00-${TRACE}-${'0'.repeat(16)}-01`,
      `00-${TRACE.toUpperCase()}-${SPAN}-01`,
      `00-${TRACE}-${SPAN}-0x`,
      `00_${TRACE}_${SPAN}_01`,
      'garbage',
    ])
      expect(parseTraceparent(bad), bad).toBeUndefined();
  });

  it('is found in raw header pairs whatever their case', () => {
    expect(parentOf(['Host', 'x', 'TraceParent', `00-${TRACE}-${SPAN}-01`, 'TraceState', 'k=v'])).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true, state: 'k=v' });
    expect(parentOf(['Host', 'x'])).toBeUndefined();
  });
});

describe('sampler from OTEL_TRACES_SAMPLER', () => {
  const sampled: TraceParent = { traceId: TRACE, spanId: SPAN, sampled: true };
  const unsampled: TraceParent = { ...sampled, sampled: false };
  const share = (env: Record<string, string>, n = 20_000): number => {
    const { sample } = samplerFromEnv(env);
    let yes = 0;
    for (let i = 0; i < n; i++) if (sample(undefined)) yes++;
    return yes / n;
  };

  it('defaults to parentbased_always_on: the parent decides, a new trace is sampled', () => {
    const { sample, warning } = samplerFromEnv({});
    expect(warning).toBeUndefined();
    expect([sample(undefined), sample(sampled), sample(unsampled)]).toEqual([true, true, false]);
  });

  it('parentbased_traceidratio follows the parent and samples that share of new traces', () => {
    const env = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' };
    const { sample } = samplerFromEnv(env);
    expect([sample(sampled), sample(unsampled)]).toEqual([true, false]);
    expect(share(env)).toBeGreaterThan(0.08);
    expect(share(env)).toBeLessThan(0.12);
  });

  it('traceidratio ignores the parent flag and decides a known trace id as OpenTelemetry does', () => {
    // The id's words XOR to 0x4bf92f35 ^ 0x77b34da6 ^ 0xa3ce929d ^ 0x0e0e4736 = 0x9484ad38, about 0.57 of 2³².
    const at = (ratio: string) => samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: ratio }).sample;
    expect([at('0.5')(sampled), at('0.6')(unsampled)]).toEqual([false, true]);
    expect(share({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' })).toBe(0);
  });

  it('always_on and always_off ignore the parent', () => {
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'always_on' }).sample(unsampled)).toBe(true);
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'always_off' }).sample(sampled)).toBe(false);
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' }).sample(undefined)).toBe(false);
  });

  it('takes the SDK default, with a warning, for an unknown sampler or a ratio out of range', () => {
    const unknown = samplerFromEnv({ OTEL_TRACES_SAMPLER: 'jaeger_remote' });
    expect(unknown.warning).toMatch(/jaeger_remote/);
    expect(unknown.sample(undefined)).toBe(true);
    const outOfRange = samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' });
    expect(outOfRange.warning).toMatch(/OTEL_TRACES_SAMPLER_ARG/);
    expect(outOfRange.sample(undefined)).toBe(true);
  });
});
