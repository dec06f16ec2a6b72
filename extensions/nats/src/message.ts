import { decodeMessage, encodeMessage } from '@flowc/runtime';
import { headers as natsHeaders, type MsgHdrs } from 'nats';

export function headerMap(headers: MsgHdrs | undefined): Record<string, string[]> {
  const header: Record<string, string[]> = {};
  if (headers) for (const key of headers.keys()) header[key] = headers.values(key);
  return header;
}

/** Decodes a body by the message's `Content-Type` header (detected without one). */
export function decodeBody(data: Uint8Array, header: Record<string, string[]>): { body: unknown; contentType: string } {
  const type = Object.entries(header).find(([name]) => name.toLowerCase() === 'content-type')?.[1][0];
  return decodeMessage(data, type);
}

/** Encodes a payload for NATS, with its content type as a header (and any header the packet names). */
export function encodeBody(value: unknown, contentType: string | undefined, extra?: Record<string, string | string[]>): { data: Uint8Array; headers: MsgHdrs } {
  const encoded = encodeMessage(value, contentType);
  const headers = natsHeaders();
  if (extra) for (const [name, values] of Object.entries(extra)) for (const v of Array.isArray(values) ? values : [values]) headers.append(name, String(v));
  if (!headers.has('Content-Type')) headers.set('Content-Type', encoded.contentType);
  const data = typeof encoded.bytes === 'string' ? new TextEncoder().encode(encoded.bytes) : encoded.bytes;
  return { data, headers };
}
