import { decodeMessage, encodeMessage } from '@flowc/runtime';
import { headers as natsHeaders, type MsgHdrs } from 'nats';

export function headerMap(headers: MsgHdrs | undefined): Record<string, string[]> {
  const header: Record<string, string[]> = {};
  if (headers) for (const key of headers.keys()) header[key] = headers.values(key);
  return header;
}

/** Decodes a body by the message's `Content-Type` header (detected without one). */
export function decodeBody(data: Uint8Array, header: Record<string, string[]>): { body: unknown; contentType: string } {
  for (const name in header) if (name.toLowerCase() === 'content-type') return decodeMessage(data, header[name]![0]);
  return decodeMessage(data, undefined);
}

/**
 * Header sets that carry only a content type, one per type: a publish reads its headers (the client encodes
 * them per message) and never changes them, so messages without headers of their own share one set.
 */
const typeOnly = new Map<string, MsgHdrs>();
const TYPE_ONLY_LIMIT = 64;

function contentTypeHeaders(contentType: string): MsgHdrs {
  let headers = typeOnly.get(contentType);
  if (!headers) {
    headers = natsHeaders();
    headers.set('Content-Type', contentType);
    if (typeOnly.size < TYPE_ONLY_LIMIT) typeOnly.set(contentType, headers);
  }
  return headers;
}

/** Encodes a payload for NATS, with its content type as a header (and any header the packet names). */
export function encodeBody(value: unknown, contentType: string | undefined, extra?: Record<string, string | string[]>): { data: Uint8Array; headers: MsgHdrs } {
  const encoded = encodeMessage(value, contentType);
  const data = typeof encoded.bytes === 'string' ? Buffer.from(encoded.bytes) : encoded.bytes;
  if (!extra) return { data, headers: contentTypeHeaders(encoded.contentType) };
  const headers = natsHeaders();
  for (const [name, values] of Object.entries(extra)) for (const v of Array.isArray(values) ? values : [values]) headers.append(name, String(v));
  if (!headers.has('Content-Type')) headers.set('Content-Type', encoded.contentType);
  return { data, headers };
}
