import { createHash } from 'node:crypto';
import { stringify, v7 } from 'uuid';

/**
 * A UUID v7 (RFC 9562), made by the `uuid` package: 48-bit Unix milliseconds, then a counter and random
 * bits. Ids made in one process sort in creation order: the package keeps a monotonic counter within one
 * millisecond and never goes back when the clock does.
 */
export function uuidv7(): string {
  return v7();
}

/**
 * A name-based UUID (v8, SHA-256): the same name always gives the same id. Hand-written on purpose: the
 * `uuid` package makes name-based ids only with SHA-1 (v5) or MD5 (v3), and the ids folder stores already
 * hold were made this way. Only the version and variant bits are set here; the package formats the bytes.
 */
export function uuidFromName(name: string): string {
  const hash = createHash('sha256').update(name).digest();
  hash[6] = 0x80 | (hash[6]! & 0x0f);
  hash[8] = 0x80 | (hash[8]! & 0x3f);
  return stringify(hash);
}
