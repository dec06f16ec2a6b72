/**
 * The parts of a spec that are the same for every kind, defined once for the compiler (validation,
 * resolution) and the runtime (program wiring).
 */

/** Keys every spec may carry whatever its kind; every other key is a field of its kind. */
export const ENVELOPE_KEYS = ['id', 'kind', 'namespace', 'name', 'annotations', 'ports', 'env'] as const;

export type EnvelopeKey = (typeof ENVELOPE_KEYS)[number];

const ENVELOPE: ReadonlySet<string> = new Set(ENVELOPE_KEYS);

export function isEnvelopeKey(key: string): key is EnvelopeKey {
  return ENVELOPE.has(key);
}

/** Out-ports every node has, whatever its kind: the activation hooks, sent the node's spec. */
export const HOOK_PORTS = ['init', 'term'] as const;

export type HookPort = (typeof HOOK_PORTS)[number];

export function isHookPort(port: string): port is HookPort {
  return port === 'init' || port === 'term';
}
