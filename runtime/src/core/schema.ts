import { Type, type SchemaOptions, type TUnsafe } from '@sinclair/typebox';
import { DURATION_PATTERN } from './duration.ts';

/**
 * Schema helpers shared by kind definitions. A union's `title` says what it takes; it survives a kind's own
 * `description` (`{ ...duration, description }`), so a diagnostic can name it (compiler/src/validate/validate.ts).
 */
export const duration =
  Type.Union([Type.Number({ minimum: 0 }), Type.String({ pattern: DURATION_PATTERN })], {
    title: 'a duration: milliseconds, or Go syntax such as 250ms, 1.5s, 1h30m',
    description: 'a duration: milliseconds, or Go syntax such as 250ms, 1.5s, 1h30m',
  });

/** A list of connections `{name?, id?, port}` as written under `ports`. */
export const portRefs =
  Type.Array(Type.Object({ id: Type.Optional(Type.String()), name: Type.Optional(Type.String()), port: Type.String({ minLength: 1 }) }));

/** Inner specs of a composite kind; each is validated as a spec of its own. */
export const innerSpecs = Type.Array(Type.Object({ kind: Type.String() }, { additionalProperties: true }), { minItems: 1 });

/** The sizes `parseSize` (http/size.ts) reads: powers of 1024, an optional `i` and `b`. */
const SIZE_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*([kKmMgG][iI]?)?[bB]?\\s*$';

/** A byte size: a number of bytes, or text such as `512kb`, `1mb`, `1.5MiB`, `2g` (units are powers of 1024). */
export const byteSize = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: SIZE_PATTERN })], {
  title: 'a size in bytes: a number, or text such as 512kb, 1mb, 1.5MiB',
  description: 'a size in bytes: a number, or text such as 512kb, 1mb, 1.5MiB',
});

/** The store a `signal` or `syscall` node talks to (resolved by `storeUrl` in store/url.ts). */
export const storeField = Type.String({
  minLength: 1,
  description: 'store URL (postgres://…, mem://name, a folder); default: $FLOWC_STORE, else ./flows',
});

/**
 * One of a closed list of strings, written as the JSON Schema `enum` keyword (not TypeBox's `anyOf` of
 * `const`s): the compiler turns an `enum` error into "must be one of …" with a did-you-mean hint.
 */
export function enumOf<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ enum: [...values], ...options });
}
