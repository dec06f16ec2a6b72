import type { HostServices, LogFields } from './services.ts';

/** Every string inside a value's data (secrets shorter than 4 characters are too ambiguous to mask). */
export function secretStrings(data: unknown, into: Set<string>): void {
  if (typeof data === 'string') {
    if (data.length >= 4) into.add(data);
  } else if (typeof data === 'number' && String(data).length >= 4) {
    into.add(String(data));
  } else if (Array.isArray(data)) {
    for (const item of data) secretStrings(item, into);
  } else if (data !== null && typeof data === 'object') {
    for (const item of Object.values(data)) secretStrings(item, into);
  }
}

/** A connection URL as logs and errors may show it: its password masked (text that is no URL, as it is). */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href.replace(/\/$/, '');
  } catch {
    return url;
  }
}

export function redact(text: string, secrets: ReadonlySet<string>): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('***');
  return out;
}

/** Every string inside structured data, masked (a fresh copy; the data itself is left alone). */
export function redactData(data: unknown, secrets: ReadonlySet<string>, depth = 0): unknown {
  if (typeof data === 'string') return redact(data, secrets);
  if (depth > 8 || data === null || typeof data !== 'object') return data;
  if (Array.isArray(data)) return data.map((item) => redactData(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) out[key] = redactData(value, secrets, depth + 1);
  return out;
}

const decoder = new TextDecoder();

/**
 * The host as nodes see it: log lines and what is written to stdout/stderr (`print`) never carry the
 * data of a bound value (the set may grow while the program starts).
 */
export function redactingHost(host: HostServices, secrets: ReadonlySet<string>): HostServices {
  return {
    ...host,
    secrets,
    log: (level, message, fields) => {
      if (secrets.size === 0) return host.log(level, message, fields);
      host.log(level, redact(message, secrets), fields && (redactData(fields, secrets) as LogFields));
    },
    write: (stream, data) => host.write(stream, secrets.size === 0 ? data : redactBytes(data, secrets)),
  };
}

function redactBytes(data: string | Uint8Array, secrets: ReadonlySet<string>): string | Uint8Array {
  if (typeof data === 'string') return redact(data, secrets);
  const text = decoder.decode(data);
  const masked = redact(text, secrets);
  return masked === text ? data : masked;
}
