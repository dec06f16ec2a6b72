import { randomBytes } from 'node:crypto';

/** A W3C `traceparent` a request came with (and its `tracestate`, passed on as it came). */
export interface TraceParent {
  readonly traceId: string;
  readonly spanId: string;
  readonly sampled: boolean;
  readonly state?: string;
}

/** Decides once, for a request, whether it is traced: from the parent the client sent, if any. */
export type Sampler = (parent: TraceParent | undefined) => boolean;

export interface SamplerChoice {
  readonly sample: Sampler;
  /** What was wrong with the settings, when the default was taken instead. */
  readonly warning?: string;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const VERSION = /^[0-9a-f]{2}$/;

/**
 * Parses `traceparent` as W3C Trace Context says: `version-traceid-parentid-flags`, lower-case hex, ids not
 * all zeros, version `ff` invalid, and a later version's extra fields ignored. Undefined when it is not valid.
 */
export function parseTraceparent(value: string, state?: string): TraceParent | undefined {
  const version = value.slice(0, 2);
  if (!VERSION.test(version) || version === 'ff') return undefined;
  if (version === '00' ? value.length !== 55 : value.length < 55 || (value.length > 55 && value[55] !== '-')) return undefined;
  if (value[2] !== '-' || value[35] !== '-' || value[52] !== '-') return undefined;
  const traceId = value.slice(3, 35);
  const spanId = value.slice(36, 52);
  const flags = value.slice(53, 55);
  if (!TRACE_ID.test(traceId) || !SPAN_ID.test(spanId) || !VERSION.test(flags)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1, ...(state ? { state } : {}) };
}

/** The value of a header in Node's raw header pairs (`name` lower-case): the listener never builds `req.headers`. */
export function rawHeader(raw: readonly string[], name: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length === name.length && key.toLowerCase() === name) return raw[i + 1];
  }
  return undefined;
}

/** The request's parent from its `traceparent` and `tracestate` headers. */
export function parentOf(raw: readonly string[]): TraceParent | undefined {
  const header = rawHeader(raw, 'traceparent');
  return header === undefined ? undefined : parseTraceparent(header.trim(), rawHeader(raw, 'tracestate'));
}

/** OpenTelemetry's TraceIdRatioBased hash: a trace id's four 32-bit words XORed, below ratio × 2³²−1. */
function underRatio(traceId: string, bound: number): boolean {
  let accumulation = 0;
  for (let i = 0; i < 32; i += 8) accumulation = (accumulation ^ parseInt(traceId.slice(i, i + 8), 16)) >>> 0;
  return accumulation < bound;
}

/**
 * The sampler `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG` name, as the OpenTelemetry SDK reads them
 * (default `parentbased_always_on`; ratio 1 when the argument is missing or out of [0, 1]). A ratio decides a
 * request with a parent by its trace id, as OpenTelemetry does (so services with one ratio agree), and a
 * request that starts a trace by a random draw: its trace id is made only when it is sampled or passed on.
 */
export function samplerFromEnv(env: Readonly<Record<string, string | undefined>>): SamplerChoice {
  const name = (env['OTEL_TRACES_SAMPLER'] || 'parentbased_always_on').trim();
  const warnings: string[] = [];
  const ratio = (): number => {
    const raw = env['OTEL_TRACES_SAMPLER_ARG']?.trim();
    const value = raw ? Number(raw) : NaN;
    if (!(value >= 0 && value <= 1)) {
      warnings.push(`OTEL_TRACES_SAMPLER_ARG=${JSON.stringify(raw ?? '')} is not a ratio in [0, 1]: every trace is sampled`);
      return 1;
    }
    return value;
  };
  const byRatio = (p: number): Sampler => {
    const bound = Math.floor(p * 0xffffffff);
    return (parent) => (parent ? underRatio(parent.traceId, bound) : Math.random() < p);
  };
  const parentBased = (root: Sampler): Sampler => (parent) => (parent ? parent.sampled : root(undefined));
  const always = (on: boolean): Sampler => () => on;
  const choose = (): Sampler => {
    switch (name) {
      case 'always_on':
        return always(true);
      case 'always_off':
        return always(false);
      case 'traceidratio':
        return byRatio(ratio());
      case 'parentbased_always_on':
        return parentBased(always(true));
      case 'parentbased_always_off':
        return parentBased(always(false));
      case 'parentbased_traceidratio':
        return parentBased(byRatio(ratio()));
      default:
        warnings.push(`OTEL_TRACES_SAMPLER=${JSON.stringify(name)} is not a sampler flowc knows: parentbased_always_on is used`);
        return parentBased(always(true));
    }
  };
  const sample = choose();
  return { sample, ...(warnings.length ? { warning: warnings.join('; ') } : {}) };
}

/** A new random trace id (16 bytes) or span id (8 bytes), lower-case hex. */
export const newTraceId = (): string => randomBytes(16).toString('hex');
export const newSpanId = (): string => randomBytes(8).toString('hex');
