/**
 * multipart/form-data as Go's mime/multipart reads (Reader.ReadForm) and writes (Writer) it.
 *
 * Hand-written on purpose (issue 15 §5 asked for busboy); busboy 1.6 and @fastify/busboy 3 cannot give the same
 * observable behaviour:
 * - a file's `header` is every header of its part (uniflow hands Go's textproto.MIMEHeader through, custom headers
 *   and the original Content-Disposition text included); busboy reports only name, filename, encoding and type;
 * - Go reads bodies whose lines end in a bare LF (it decides from the first delimiter line); both libraries search
 *   for `\r\n--boundary` only and fail such a body;
 * - decoding is synchronous inside `decodeBody` (listener, http, proxy, websocket, messages and extensions call it
 *   that way); busboy is a Writable whose errors and end arrive on later ticks.
 * busboy is instead the oracle of a differential property test (tests/property/multipart.test.ts): for every
 * generated CRLF body both must read the same values, files, filenames and bytes. The writing side is Go's
 * multipart.Writer byte for byte (sorted keys, its boundary rules), which no library writes.
 *
 * Limits as Go's ReadForm (its `multipartmaxparts` and `multipartmaxheaders` defaults): at most 1000 parts and
 * 10000 header lines in one body; past them the body is refused (400). Sizes are limited by the caller
 * (maxBodySize, and the decoded-size budget of nested parts).
 */
import { randomBytes } from 'node:crypto';
import type { Headers } from './headers.ts';
import { canonicalHeaderName, setOwn } from './headers.ts';
import { compareCodePoints } from './json.ts';
import { formatMediaType, parseMediaType } from './mediatype.ts';
import { contentTypeOffers } from './offers.ts';

export interface MultipartFile {
  filename: string;
  header: Headers;
  size: number;
  data: unknown;
}

export interface MultipartForm {
  values: Record<string, string[]>;
  files: Record<string, MultipartFile[]>;
}

export type PartDecoder = (bytes: Uint8Array, headers: Headers) => unknown;
export type PartEncoder = (value: unknown, headers: Headers) => Uint8Array | string;

/** Go's filepath.Base on a Unix system: the last `/`-separated element. */
function baseName(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Go's ReadForm defaults: `multipartmaxparts` and `multipartmaxheaders`. */
export const MAX_PARTS = 1000;
export const MAX_HEADER_LINES = 10000;

const CR = 0x0d;
const LF = 0x0a;

/** Index just after the line ending at `i` (optional spaces/tabs, then CRLF or LF), or -1. */
function lineEndAfter(buf: Buffer, i: number): number {
  while (buf[i] === 0x20 || buf[i] === 0x09) i++;
  if (buf[i] === LF) return i + 1;
  if (buf[i] === CR && buf[i + 1] === LF) return i + 2;
  return -1;
}

function readHeaders(buf: Buffer, pos: number, count: { lines: number }): { headers: Headers; end: number } {
  const headers: Headers = {};
  let last: string[] | undefined;
  for (;;) {
    if (++count.lines > MAX_HEADER_LINES) throw new Error(`multipart: message too large (more than ${MAX_HEADER_LINES} header lines)`);
    const lf = buf.indexOf(LF, pos);
    if (lf < 0) throw new Error('multipart: unexpected EOF in part headers');
    const line = buf.toString('utf8', pos, lf > pos && buf[lf - 1] === CR ? lf - 1 : lf);
    pos = lf + 1;
    if (line === '') return { headers, end: pos };
    if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
      last[last.length - 1] += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`multipart: malformed MIME header line: ${line}`);
    const name = canonicalHeaderName(line.slice(0, colon));
    const list = Object.hasOwn(headers, name) ? headers[name] : undefined;
    last = list ?? [];
    last.push(line.slice(colon + 1).trim());
    if (!list) setOwn(headers, name, last);
  }
}

/**
 * Parses a multipart/form-data body. Parts without a form-data name are skipped; parts with a
 * non-empty filename become files whose data is decoded by `decodePart` with the part's headers.
 */
export function parseMultipart(bytes: Uint8Array, boundary: string | undefined, decodePart: PartDecoder): MultipartForm {
  if (!boundary) throw new Error('multipart: missing boundary');
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dash = Buffer.from(`--${boundary}`);
  const form: MultipartForm = { values: {}, files: {} };

  // The first delimiter line decides whether lines end in CRLF or a bare LF.
  let pos = 0;
  let newline: string;
  for (;;) {
    const at = buf.indexOf(dash, pos);
    if (at < 0) throw new Error('multipart: NextPart: EOF');
    const after = at + dash.length;
    if (at === 0 || buf[at - 1] === LF) {
      if (buf[after] === 0x2d && buf[after + 1] === 0x2d) return form;
      const end = lineEndAfter(buf, after);
      if (end >= 0) {
        newline = buf[end - 2] === CR ? '\r\n' : '\n';
        pos = end;
        break;
      }
    }
    pos = at + 1;
  }

  const delimiter = Buffer.from(`${newline}--${boundary}`);
  const count = { lines: 0 };
  for (let parts = 1; ; parts++) {
    if (parts > MAX_PARTS) throw new Error(`multipart: message too large (more than ${MAX_PARTS} parts)`);
    const { headers, end: bodyStart } = readHeaders(buf, pos, count);
    let search = bodyStart;
    let bodyEnd: number;
    let final: boolean;
    for (;;) {
      bodyEnd = buf.indexOf(delimiter, search);
      if (bodyEnd < 0) throw new Error('multipart: unexpected EOF in part body');
      const after = bodyEnd + delimiter.length;
      final = buf[after] === 0x2d && buf[after + 1] === 0x2d;
      const next = final ? after + 2 : lineEndAfter(buf, after);
      if (next >= 0) {
        pos = next;
        break;
      }
      search = bodyEnd + 1;
    }
    addPart(form, headers, buf.subarray(bodyStart, bodyEnd), decodePart);
    if (final) return form;
  }
}

function addPart(form: MultipartForm, headers: Headers, body: Buffer, decodePart: PartDecoder): void {
  const disposition = parseMediaType(headers['Content-Disposition']?.[0] ?? '');
  if (disposition?.type !== 'form-data') return;
  const name = disposition.params.name;
  if (!name) return;
  const filename = disposition.params.filename;
  if (!filename) {
    pushTo(form.values, name, body.toString('utf8'));
    return;
  }
  pushTo(form.files, name, { filename: baseName(filename), header: headers, size: body.length, data: decodePart(body, headers) });
}

function pushTo<T>(target: Record<string, T[]>, key: string, item: T): void {
  const list = Object.hasOwn(target, key) ? target[key] : undefined;
  if (list) list.push(item);
  else setOwn(target, key, [item]);
}

/** Entries of a plain object or Map, keys sorted; undefined for anything else. */
export function mapEntries(value: unknown): [string, unknown][] | undefined {
  if (value instanceof Map) {
    return [...value].map(([k, v]): [string, unknown] => [String(k), v]).sort((a, b) => compareCodePoints(a[0], b[0]));
  }
  if (!isPlainMap(value)) return undefined;
  const record = value as Record<string, unknown>;
  return Object.keys(record)
    .sort(compareCodePoints)
    .map((k): [string, unknown] => [k, record[k]]);
}

function isPlainMap(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Error) &&
    !(value instanceof Date)
  );
}

const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

export function randomBoundary(): string {
  return randomBytes(30).toString('hex');
}

function escapeQuotes(s: string): string {
  return s.replace(/[\\"]/g, '\\$&');
}

/**
 * Writes a map as multipart/form-data. Keys `values` and `files` have the meaning they have in a
 * decoded form; any other key is a field. Each list element becomes its own part, encoded by
 * `encodePart` (which sees the part's headers). Keys are written in sorted order.
 */
export function buildMultipart(value: unknown, boundary: string, encodePart: PartEncoder): Buffer {
  if (!BOUNDARY.test(boundary)) throw new Error('multipart: invalid boundary character');
  const chunks: (Buffer | string)[] = [];
  let parts = 0;

  const createPart = (headers: Headers): void => {
    let head = parts++ === 0 ? `--${boundary}\r\n` : `\r\n--${boundary}\r\n`;
    for (const key of Object.keys(headers).sort()) {
      for (const v of headers[key]!) head += `${key}: ${v}\r\n`;
    }
    chunks.push(head + '\r\n');
  };
  const writeBody = (body: Uint8Array | string): void => {
    chunks.push(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  };
  const writeField = (name: string, field: unknown): void => {
    for (const element of Array.isArray(field) ? field : [field]) {
      const headers: Headers = { 'Content-Disposition': [`form-data; name="${escapeQuotes(name)}"`] };
      createPart(headers);
      writeBody(encodePart(element, { ...headers }));
    }
  };
  const writeFile = (name: string, element: unknown): void => {
    const entries = new Map(mapEntries(element));
    const data = entries.has('data') ? entries.get('data') : element;
    const filename = entries.get('filename');
    const headers = toHeaders(entries.get('header'));
    const typeValue = headers['Content-Type']?.[0];
    if (!typeValue) headers['Content-Type'] = [contentTypeOffers(data)[0]!];
    const media = parseMediaType(headers['Content-Type']![0]!);
    if (media?.type === 'multipart/form-data' && !media.params.boundary) {
      headers['Content-Type'] = [formatMediaType(media.type, { ...media.params, boundary: randomBoundary() })];
    }
    const shown = typeof filename === 'string' ? filename : name;
    headers['Content-Disposition'] = [`form-data; name="${escapeQuotes(name)}"; filename="${escapeQuotes(shown)}"`];
    createPart(headers);
    writeBody(encodePart(data, headers));
  };

  for (const [key, field] of mapEntries(value) ?? []) {
    if (key === 'values') {
      for (const [name, v] of mapEntries(field) ?? []) writeField(name, v);
    } else if (key === 'files') {
      for (const [name, v] of mapEntries(field) ?? []) {
        for (const element of Array.isArray(v) ? v : [v]) writeFile(name, element);
      }
    } else {
      writeField(key, field);
    }
  }
  chunks.push(parts === 0 ? `--${boundary}--\r\n` : `\r\n--${boundary}--\r\n`);
  return Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
}

function toHeaders(value: unknown): Headers {
  const headers: Headers = {};
  for (const [key, v] of mapEntries(value) ?? []) {
    const list = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    if (list.length > 0) setOwn(headers, canonicalHeaderName(key), list);
  }
  return headers;
}
