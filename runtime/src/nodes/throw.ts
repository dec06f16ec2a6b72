import { implement } from '../core/kind.ts';
import { FlowError, isError } from '../core/packet.ts';
import { attempt } from '../core/settle.ts';
import definition from '../kinds/throw.ts';

/** Raises an error: the fixed `message`, or one built from the payload; it leaves through `error`. */
export default implement(definition, {
  create({ fields, out }) {
    const error = out('error');
    const fixed = fields.message;
    return {
      inputs: {
        in: (payload, proc) => {
          const raised = fixed === undefined ? errorFrom(payload) : new FlowError(fixed, { data: payload });
          return attempt(() => error.send(raised, proc));
        },
      },
    };
  },
});

/**
 * A string is the message; a list of strings chains them as uniflow does, each wrapping the one before
 * (`["a", "b"]` → `b: a`, caused by `a`); a map with a string `message` uses it; an error stays itself.
 */
export function errorFrom(payload: unknown): Error {
  if (isError(payload)) return payload;
  if (typeof payload === 'string') return new FlowError(payload, { data: payload });
  if (Array.isArray(payload) && payload.length > 0 && payload.every((item) => typeof item === 'string')) {
    return (payload as string[]).reduce<FlowError | undefined>(
      (inner, message) => (inner ? new FlowError(`${message}: ${inner.message}`, { cause: inner, data: payload }) : new FlowError(message, { data: payload })),
      undefined,
    )!;
  }
  if (payload !== null && typeof payload === 'object' && !Array.isArray(payload)) {
    const message = (payload as { message?: unknown }).message;
    if (typeof message === 'string') return new FlowError(message, { data: payload });
  }
  return new FlowError(describe(payload), { data: payload });
}

function describe(payload: unknown): string {
  if (payload instanceof Uint8Array) return `${payload.byteLength} bytes`;
  try {
    const text = JSON.stringify(payload, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
    return text ?? String(payload);
  } catch {
    return String(payload);
  }
}
