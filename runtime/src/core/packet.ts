/**
 * Payloads are plain JS values: null, boolean, number, string, Uint8Array, arrays, plain objects, and
 * FlowError for errors. NONE is the distinct "accepted, nothing to say" answer; it is not null.
 */
export const NONE: unique symbol = Symbol.for('flowc.none');
export type None = typeof NONE;

/** An error travelling as a payload. Its text is its message. */
export class FlowError extends Error {
  override name = 'FlowError';
  /** Extra data a node attached (for example the HTTP status of a rejected request). */
  readonly data: unknown;
  constructor(message: string, options?: { cause?: unknown; data?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.data = options?.data;
  }
}

export function isError(payload: unknown): payload is Error {
  return payload instanceof Error;
}

/** Turns anything thrown into an error payload, keeping Error instances as they are. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new FlowError(typeof thrown === 'string' ? thrown : `thrown value: ${String(thrown)}`, { data: thrown });
}

/**
 * Merges the answers of one packet delivered to several targets (link order):
 * drop NONE; any error → one error joining all messages with "\n"; nothing left → NONE;
 * one left → it; several → the list of payloads.
 */
export function join(responses: readonly unknown[]): unknown {
  const kept: unknown[] = [];
  const errors: Error[] = [];
  for (const r of responses) {
    if (r === NONE) continue;
    if (r instanceof Error) errors.push(r);
    kept.push(r);
  }
  if (errors.length === 1) return errors[0];
  if (errors.length > 1) return new FlowError(errors.map((e) => e.message).join('\n'), { cause: errors });
  if (kept.length === 0) return NONE;
  if (kept.length === 1) return kept[0];
  return kept;
}
