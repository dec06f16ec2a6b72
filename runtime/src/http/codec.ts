/** The HTTP body codec shared by listener, http, proxy and websocket (uniflow §4.3). */
import { brotliCompressSync, brotliDecompressSync, deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { detectContentType } from './detect.ts';
import { encodeForm, parseQuery } from './form.ts';
import type { Headers } from './headers.ts';
import { headerValue, setOwn } from './headers.ts';
import { decodeJson, encodeJson } from './json.ts';
import type { MediaType } from './mediatype.ts';
import { formatMediaType, mediaTypeBase, parseMediaType } from './mediatype.ts';
import { buildMultipart, mapEntries, parseMultipart, randomBoundary } from './multipart.ts';
import { FORM_URLENCODED, MULTIPART_FORM_DATA, TEXT_PLAIN_UTF8, contentTypeOffers } from './offers.ts';

export type { Headers } from './headers.ts';
export { canonicalHeaderName } from './headers.ts';
export type { BodyKind } from './offers.ts';
export { bodyKind, contentTypeOffers } from './offers.ts';

const MEMO_LIMIT = 256;
/** Content-Type header values repeat; cache their parse (null = malformed). */
const mediaMemo = new Map<string, MediaType | null>();

function media(type: string): MediaType | undefined {
  let parsed = mediaMemo.get(type);
  if (parsed === undefined) {
    parsed = parseMediaType(type) ?? null;
    if (mediaMemo.size < MEMO_LIMIT) mediaMemo.set(type, parsed);
  }
  return parsed ?? undefined;
}

function isJson(base: string): boolean {
  return base === 'application/json' || base.endsWith('+json');
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Binary payloads are plain Uint8Array views (no copy), not Buffers, so they compare and serialise as bytes. */
function plainBytes(bytes: Uint8Array): Uint8Array {
  return Buffer.isBuffer(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
}

function normalizeEncoding(encoding: string | undefined): string | undefined {
  if (encoding === undefined || encoding === 'gzip' || encoding === 'deflate' || encoding === 'br') return encoding;
  return encoding.trim().toLowerCase();
}

function guarded<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof BodyTooLarge || error instanceof NestedTooDeep) throw error;
    throw new Error(`invalid ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** A decoded body (or the sum of a multipart body's decoded parts) grew past the limit it was decoded with. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes once decoded`);
  }
}

export interface DecodeOptions {
  /**
   * The most bytes decompression may produce, for the whole body with its parts. Inflating stops as soon as
   * it is passed (BodyTooLarge), so a small compressed body cannot expand into a large one in memory.
   */
  readonly maxSize?: number;
}

/** What is left of a body's decoded-size limit while it and its parts are decompressed. */
interface Budget {
  left: number;
  readonly limit: number;
}

/** Multipart bodies inside multipart parts, at most this deep (each level is decoded recursively). */
export const MAX_MULTIPART_NESTING = 16;

/** A multipart body nests multipart parts deeper than MAX_MULTIPART_NESTING; reported once, not per level. */
class NestedTooDeep extends Error {
  constructor() {
    super(`invalid multipart body: parts nested more than ${MAX_MULTIPART_NESTING} levels deep`);
  }
}

/** Undo Content-Encoding: gzip, deflate (zlib format) and br; anything else passes through. */
function decompress(bytes: Uint8Array, encoding: string | undefined, budget: Budget | undefined): Uint8Array {
  const normalized = normalizeEncoding(encoding);
  if (normalized !== 'gzip' && normalized !== 'deflate' && normalized !== 'br') return bytes;
  const inflate = normalized === 'gzip' ? gunzipSync : normalized === 'deflate' ? inflateSync : brotliDecompressSync;
  // zlib checks maxOutputLength after every chunk it produces and throws ERR_BUFFER_TOO_LARGE.
  const options = budget === undefined ? undefined : { maxOutputLength: Math.max(1, budget.left) };
  const out = guarded(`${normalized} body`, () => {
    try {
      return inflate(bytes, options);
    } catch (error) {
      if (budget !== undefined && (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new BodyTooLarge(budget.limit);
      throw error;
    }
  });
  if (budget !== undefined) budget.left -= out.byteLength;
  return out;
}

/**
 * Decodes a request/response body. Without a Content-Type the type is detected and written back
 * into `headers`. JSON (incl. `+json`) → parsed value; form → `Record<string, string[]>`;
 * `text/*` → string; multipart/form-data → `{values, files}`; anything else → the bytes.
 * An empty body is always `""`. Throws an Error saying what failed on malformed input, and
 * BodyTooLarge when decompressing passes `options.maxSize`.
 */
export function decodeBody(bytes: Uint8Array, headers: Headers, options: DecodeOptions = {}): unknown {
  const budget = options.maxSize === undefined ? undefined : { left: options.maxSize, limit: options.maxSize };
  return decodeWithin(bytes, headers, budget, 0);
}

function decodeWithin(bytes: Uint8Array, headers: Headers, budget: Budget | undefined, depth: number): unknown {
  let type = headerValue(headers, 'Content-Type');
  const data = bytes.byteLength === 0 ? bytes : decompress(bytes, headerValue(headers, 'Content-Encoding'), budget);
  if (data.byteLength === 0) {
    if (type === undefined) headers['Content-Type'] = [TEXT_PLAIN_UTF8];
    return '';
  }
  const buffer = toBuffer(data);
  let text: string | undefined;
  if (type === undefined) {
    text = buffer.toString('utf8');
    const detected = detectContentType(buffer, text);
    headers['Content-Type'] = [detected.type];
    if (detected.json) return detected.json.value;
    type = detected.type;
  }
  const base = mediaTypeBase(type);
  if (base === undefined) return plainBytes(data);
  if (isJson(base)) return decodeJson(text ?? buffer.toString('utf8'), 'JSON body');
  if (base === FORM_URLENCODED) return guarded('form body', () => parseQuery(text ?? buffer.toString('utf8')));
  if (base.startsWith('text/')) return text ?? buffer.toString('utf8');
  if (base === MULTIPART_FORM_DATA) {
    const boundary = media(type)?.params.boundary;
    if (depth >= MAX_MULTIPART_NESTING) throw new NestedTooDeep();
    return guarded('multipart body', () => parseMultipart(buffer, boundary, (part, partHeaders) => decodeWithin(part, partHeaders, budget, depth + 1)));
  }
  return plainBytes(data);
}

/**
 * Encodes a body. Without a Content-Type the first offer for the value is used and written into
 * `headers`. Compresses per Content-Encoding. Returns the string itself for uncompressed text
 * bodies so the common path allocates nothing; use Buffer.byteLength for Content-Length.
 */
export function encodeBody(value: unknown, headers: Headers): Uint8Array | string {
  let type = headerValue(headers, 'Content-Type');
  if (type === undefined) {
    type = contentTypeOffers(value)[0]!;
    headers['Content-Type'] = [type];
  }
  return compress(encodeAs(value, type, headers), headerValue(headers, 'Content-Encoding'));
}

function encodeAs(value: unknown, type: string, headers: Headers): Uint8Array | string {
  const parsed = media(type);
  if (parsed === undefined) throw new Error(`invalid Content-Type: ${type}`);
  const base = parsed.type;
  if (isJson(base)) return encodeJson(value);
  if (base === FORM_URLENCODED) return encodeForm(formValues(value));
  if (base === MULTIPART_FORM_DATA) {
    let boundary = parsed.params.boundary;
    if (!boundary) {
      boundary = randomBoundary();
      headers['Content-Type'] = [formatMediaType(base, { ...parsed.params, boundary })];
    }
    return buildMultipart(value, boundary, encodeBody);
  }
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  throw new Error('unsupported type');
}

function compress(body: Uint8Array | string, encoding: string | undefined): Uint8Array | string {
  if (encoding === undefined) return body;
  switch (normalizeEncoding(encoding)) {
    case 'gzip':
      return gzipSync(body);
    case 'deflate':
      return deflateSync(body);
    case 'br':
      return brotliCompressSync(body);
    default:
      return body;
  }
}

/** A map of string lists; scalars are stringified and wrapped, nested maps or lists are refused. */
function formValues(value: unknown): Record<string, string[]> {
  const entries = mapEntries(value);
  if (entries === undefined) throw new Error('unsupported type');
  const out: Record<string, string[]> = {};
  for (const [key, v] of entries) setOwn(out, key, Array.isArray(v) ? v.map(formScalar) : [formScalar(v)]);
  return out;
}

function formScalar(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return '';
    default:
      if (value === null) return '';
      if (value instanceof Uint8Array) return toBuffer(value).toString('utf8');
      throw new Error('unsupported type');
  }
}
