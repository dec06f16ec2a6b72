/** `out[2]` → 2; plain `out` is `out[0]`, as on every indexed port; anything else → undefined. */
export function portIndex(port: unknown): number | undefined {
  if (port === 'out') return 0;
  const match = typeof port === 'string' ? /^out\[(\d+)\]$/.exec(port) : null;
  return match ? Number(match[1]) : undefined;
}
