import { decodeBody, encodeBody, type Headers } from '../http/codec.ts';
import { detectContentType } from '../http/detect.ts';
import { encodeJsonText } from '../http/json.ts';
import { APPLICATION_JSON_UTF8, bodyKind, OCTET_STREAM, TEXT_PLAIN_UTF8 } from '../http/offers.ts';

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
  if (!contentType && bytes.byteLength > 0) {
    // Detected here, as decodeBody would: JSON (most untyped messages) is done; anything else is decoded as
    // what it was detected to be.
    const detected = detectContentType(bytes, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    if (detected.json) return { body: detected.json.value, contentType: detected.type };
    return { body: decodeBody(bytes, { 'Content-Type': [detected.type] }), contentType: detected.type };
  }
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
  // Without a content type, the first offer for the value — what encodeBody would pick — written at once.
  if (contentType === undefined) {
    switch (bodyKind(value)) {
      case 'string':
        return { bytes: value as string, contentType: TEXT_PLAIN_UTF8 };
      case 'binary':
        return { bytes: value as Uint8Array, contentType: OCTET_STREAM };
      default:
        return { bytes: encodeJsonText(value), contentType: APPLICATION_JSON_UTF8 };
    }
  }
  const headers: Headers = { 'Content-Type': [contentType] };
  const bytes = encodeBody(value, headers);
  const type = headers['Content-Type']![0]!;
  // The JSON encoder ends a document with a newline, as Go's does for HTTP bodies; a message carries none.
  if (typeof bytes === 'string' && bytes.endsWith('\n') && JSON_TYPE.test(type)) return { bytes: bytes.slice(0, -1), contentType: type };
  return { bytes, contentType: type };
}
