import { createHash, randomFillSync } from 'node:crypto';

let lastMs = -1;
let counter = 0;
const bytes = new Uint8Array(16);

/**
 * A UUID v7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Ids made in one process sort in
 * creation order: within one millisecond the 12-bit `rand_a` field counts up from a random start
 * (the RFC's "fixed-length dedicated counter", method 1).
 */
export function uuidv7(now = Date.now()): string {
  randomFillSync(bytes);
  if (now <= lastMs) {
    counter++;
    if (counter > 0xfff) {
      // The counter overflowed: borrow the next millisecond rather than go backwards.
      lastMs++;
      counter = bytes[6]! & 0x3f;
    }
    now = lastMs;
  } else {
    lastMs = now;
    counter = ((bytes[6]! & 0x3f) << 4) | (bytes[7]! >> 4); // random start, room to count up
  }
  bytes[0] = Math.floor(now / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(now / 2 ** 32) & 0xff;
  bytes[2] = (now >>> 24) & 0xff;
  bytes[3] = (now >>> 16) & 0xff;
  bytes[4] = (now >>> 8) & 0xff;
  bytes[5] = now & 0xff;
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  return format(bytes);
}

/** A name-based UUID (v8, SHA-256): the same name always gives the same id. */
export function uuidFromName(name: string): string {
  const hash = createHash('sha256').update(name).digest();
  hash[6] = 0x80 | (hash[6]! & 0x0f);
  hash[8] = 0x80 | (hash[8]! & 0x3f);
  return format(hash.subarray(0, 16));
}

function format(b: Uint8Array): string {
  const hex = Buffer.from(b.buffer, b.byteOffset, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
