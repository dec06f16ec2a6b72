/** What the listener negotiates a body's Content-Type from (uniflow §4.2 step 3). No parsing: the offer lists per kind of body. */
export type BodyKind = 'binary' | 'string' | 'list' | 'map' | 'other';

export const TEXT_PLAIN_UTF8 = 'text/plain; charset=utf-8';
export const APPLICATION_JSON_UTF8 = 'application/json; charset=utf-8';
export const FORM_URLENCODED = 'application/x-www-form-urlencoded';
export const MULTIPART_FORM_DATA = 'multipart/form-data';
export const OCTET_STREAM = 'application/octet-stream';

const BINARY_OFFERS: readonly string[] = Object.freeze([OCTET_STREAM]);
const STRING_OFFERS: readonly string[] = Object.freeze([TEXT_PLAIN_UTF8, APPLICATION_JSON_UTF8]);
const JSON_OFFERS: readonly string[] = Object.freeze([APPLICATION_JSON_UTF8]);
const MAP_OFFERS: readonly string[] = Object.freeze([APPLICATION_JSON_UTF8, FORM_URLENCODED, MULTIPART_FORM_DATA]);

/** Errors count as maps: they get the same offers. Numbers, booleans and null are 'other'. */
export function bodyKind(value: unknown): BodyKind {
  if (typeof value === 'string') return 'string';
  if (typeof value !== 'object' || value === null) return 'other';
  if (value instanceof Uint8Array) return 'binary';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Date) return 'other';
  return 'map';
}

/** The Content-Type offers for a body, in preference order. The arrays are shared constants. */
export function contentTypeOffers(value: unknown): readonly string[] {
  switch (bodyKind(value)) {
    case 'binary':
      return BINARY_OFFERS;
    case 'string':
      return STRING_OFFERS;
    case 'map':
      return MAP_OFFERS;
    default:
      return JSON_OFFERS;
  }
}
