import type { HostServices } from './services.ts';

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

export function redact(text: string, secrets: ReadonlySet<string>): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('***');
  return out;
}

/** The host as nodes see it: log lines never carry the data of a bound value (the set may grow). */
export function redactingHost(host: HostServices, secrets: ReadonlySet<string>): HostServices {
  return { ...host, log: (level, message) => host.log(level, secrets.size === 0 ? message : redact(message, secrets)) };
}
