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
