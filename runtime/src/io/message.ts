import { decodeBody, encodeBody, type Headers } from '../http/codec.ts';

/** A message body decoded for the flow, with the content type it was read as. */
export interface DecodedMessage {
  readonly body: unknown;
  readonly contentType: string;
}

/**
 * Decodes a broker message body by its content type, as the listener decodes a request body: JSON (and
 * `+json`) → the value, `text/*` → a string, form → a map of lists, anything else → the bytes. Without a
 * content type it is detected (JSON, text or bytes). An empty body is `""`. Throws on malformed JSON.
 */
export function decodeMessage(bytes: Uint8Array, contentType?: string): DecodedMessage {
  const headers: Headers = contentType ? { 'Content-Type': [contentType] } : {};
  const body = decodeBody(bytes, headers);
  return { body, contentType: headers['Content-Type']?.[0] ?? contentType ?? 'application/octet-stream' };
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

/** An encoded message body and the content type it was written as. */
export interface EncodedMessage {
  readonly bytes: Uint8Array | string;
  readonly contentType: string;
}

/**
 * Encodes a payload for a broker, as the http node encodes a request body: strings as text, bytes as they
 * are, anything else as JSON, unless `contentType` says otherwise.
 */
export function encodeMessage(value: unknown, contentType?: string): EncodedMessage {
  const headers: Headers = contentType ? { 'Content-Type': [contentType] } : {};
  const bytes = encodeBody(value, headers);
  const type = headers['Content-Type']![0]!;
  // The JSON encoder ends a document with a newline, as Go's does for HTTP bodies; a message carries none.
  if (typeof bytes === 'string' && bytes.endsWith('\n') && JSON_TYPE.test(type)) return { bytes: bytes.slice(0, -1), contentType: type };
  return { bytes, contentType: type };
}
