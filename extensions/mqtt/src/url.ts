// Broker URLs: checked at build time (no client library is loaded for that) and shown in log lines.

const SCHEMES = new Set(['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:']);

/** Why a broker URL cannot be used, or undefined. */
export function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${JSON.stringify(url)} is not a URL (write mqtt://host:1883)`;
  }
  if (!SCHEMES.has(parsed.protocol)) return `the URL scheme ${parsed.protocol} is not MQTT's (mqtt:, mqtts:, ws:, wss:)`;
  return undefined;
}

/** The broker URL as log lines may show it: without its password. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href.replace(/\/$/, '');
  } catch {
    return url;
  }
}
