/**
 * Content-Type detection for bodies that arrive without one (uniflow §4.3 decoding step 2):
 * JSON, then XML, then a query string, then text versus binary.
 */
import { isUtf8 } from 'node:buffer';
import { parseQueryDetailed } from './form.ts';
import { finiteJson } from './json.ts';
import { FORM_URLENCODED, OCTET_STREAM, TEXT_PLAIN_UTF8 } from './offers.ts';

export const DETECTED_JSON = 'application/json; charset=utf-8';
export const DETECTED_XML = 'application/xml; charset=utf-8';

export interface Detection {
  type: string;
  /** Set when the body is JSON. */
  json?: { value: unknown };
}

/** `text` is `bytes` decoded as UTF-8 (with replacement characters). The parsed JSON is returned to save a second parse. */
export function detectContentType(bytes: Uint8Array, text: string): Detection {
  if (bytes.byteLength === 0) return { type: TEXT_PLAIN_UTF8 };
  const json = tryJson(text);
  if (json !== NOT_JSON) return { type: DETECTED_JSON, json: { value: json } };
  if (looksLikeXml(text)) return { type: DETECTED_XML };
  if (looksLikeForm(text)) return { type: FORM_URLENCODED };
  return { type: looksLikeText(bytes) ? TEXT_PLAIN_UTF8 : OCTET_STREAM };
}

const NOT_JSON: unique symbol = Symbol('not json');

function tryJson(text: string): unknown {
  // Cheap pre-check: every JSON text starts with one of these after whitespace.
  const first = text.trimStart().charAt(0);
  if (first === '' || !'{["-0123456789tfn'.includes(first)) return NOT_JSON;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
  // JSON it is; a number beyond a 64-bit float is then an error, not another content type.
  return finiteJson(text, value, 'JSON body');
}

/** Go's rule: the body parses as a query and is not just one bare key (`hello`). */
function looksLikeForm(text: string): boolean {
  const { values, error } = parseQueryDetailed(text);
  if (error) return false;
  const keys = Object.keys(values);
  return keys.length > 0 && !Object.hasOwn(values, text);
}

/** Valid UTF-8, and no control bytes in the first 512 bytes that Go's sniffer treats as binary. */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.byteLength, 512);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f)) return false;
  }
  return isUtf8(bytes);
}

const NAME = /[A-Za-z_:\u00c0-\uffff][\w:.\-\u00b7-\uffff]*/y;
const ENTITY = /&(?:lt|gt|amp|apos|quot|#[0-9]+|#x[0-9a-fA-F]+);/y;
const ILLEGAL_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function nameAt(s: string, i: number): string | undefined {
  NAME.lastIndex = i;
  return NAME.exec(s)?.[0];
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && ' \t\r\n'.includes(s.charAt(i))) i++;
  return i;
}

/** Character data: legal characters and only well-formed entity references. */
function validText(s: string): boolean {
  if (ILLEGAL_CHAR.test(s)) return false;
  for (let amp = s.indexOf('&'); amp >= 0; amp = s.indexOf('&', amp + 1)) {
    ENTITY.lastIndex = amp;
    if (!ENTITY.test(s)) return false;
  }
  return true;
}

/**
 * Whether the text starts (after whitespace) with an XML prolog and one well-formed root element,
 * which is what Go's xml.Unmarshal accepts; anything after the root element is not looked at.
 */
export function looksLikeXml(s: string): boolean {
  let i = skipSpace(s, 0);
  if (s.charAt(i) !== '<') return false;
  const open: string[] = [];
  while (i < s.length) {
    if (s.charAt(i) !== '<') {
      const next = s.indexOf('<', i);
      if (next < 0 || !validText(s.slice(i, next))) return false;
      i = next;
      continue;
    }
    let end: number;
    if (s.startsWith('<!--', i)) end = afterMarker(s, i + 4, '-->');
    else if (s.startsWith('<?', i)) end = afterMarker(s, i + 2, '?>');
    else if (s.startsWith('<![CDATA[', i)) end = open.length === 0 ? -1 : afterMarker(s, i + 9, ']]>');
    else if (s.startsWith('<!', i)) end = afterDirective(s, i + 2);
    else if (s.startsWith('</', i)) {
      const name = nameAt(s, i + 2);
      if (name === undefined || name !== open.pop()) return false;
      end = skipSpace(s, i + 2 + name.length);
      if (s.charAt(end) !== '>') return false;
      if (open.length === 0) return true;
      end++;
    } else {
      const tag = startTag(s, i + 1);
      if (tag === undefined) return false;
      if (tag.selfClosing && open.length === 0) return true;
      if (!tag.selfClosing) open.push(tag.name);
      end = tag.end;
    }
    if (end < 0) return false;
    i = end;
  }
  return false;
}

function afterMarker(s: string, from: number, marker: string): number {
  const at = s.indexOf(marker, from);
  return at < 0 ? -1 : at + marker.length;
}

/** `<!DOCTYPE ...>` and friends: skip to the matching `>`, respecting quotes and nested `<...>`. */
function afterDirective(s: string, i: number): number {
  let depth = 0;
  let quote = '';
  for (; i < s.length; i++) {
    const c = s.charAt(i);
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '<') depth++;
    else if (c === '>') {
      if (depth === 0) return i + 1;
      depth--;
    }
  }
  return -1;
}

function startTag(s: string, i: number): { name: string; selfClosing: boolean; end: number } | undefined {
  const name = nameAt(s, i);
  if (name === undefined) return undefined;
  i += name.length;
  for (;;) {
    const j = skipSpace(s, i);
    if (s.startsWith('/>', j)) return { name, selfClosing: true, end: j + 2 };
    if (s.charAt(j) === '>') return { name, selfClosing: false, end: j + 1 };
    if (j === i) return undefined;
    const attr = nameAt(s, j);
    if (attr === undefined) return undefined;
    let k = skipSpace(s, j + attr.length);
    if (s.charAt(k) !== '=') return undefined;
    k = skipSpace(s, k + 1);
    const quote = s.charAt(k);
    if (quote !== '"' && quote !== "'") return undefined;
    const close = s.indexOf(quote, k + 1);
    if (close < 0 || !validText(s.slice(k + 1, close)) || s.slice(k + 1, close).includes('<')) return undefined;
    i = close + 1;
  }
}
