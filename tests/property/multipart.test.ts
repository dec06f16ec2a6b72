import busboy from 'busboy';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBody, type Headers } from '../../runtime/src/http/codec.ts';

/**
 * The hand-written multipart reader (runtime/src/http/multipart.ts, kept for Go's behaviour) against busboy, the
 * kept library, as an oracle: on every generated CRLF body both read the same fields and files. Then hostile
 * bodies: whatever the bytes, decoding answers a form or an `invalid multipart body` error, never anything else.
 */

interface Part {
  readonly name: string;
  /** Set for a file part. */
  readonly filename?: string;
  readonly data: Uint8Array;
  /** Spaces after `Content-Disposition:`. */
  readonly pad: string;
}

/** What both readers agree a form is: fields and files in the order they came. */
interface Read {
  readonly fields: [string, string][];
  readonly files: [string, string, string][];
}

const TEXT = 'abcXYZ019 -_.,;=+()!?%#@\u00e9\u4e2d';
const nameArb = fc.string({ unit: fc.constantFrom(...TEXT), minLength: 1, maxLength: 12 });
/** Bytes that look like the syntax around them. */
const dataArb = fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constantFrom(...['\r\n', '\n', '--', '\r\n--', '\r\n\r\n', 'Content-Disposition: form-data; name="x"', '--B'].map((s) => new TextEncoder().encode(s)))), { maxLength: 6 }).map((chunks) => new Uint8Array(Buffer.concat(chunks)));
const partArb: fc.Arbitrary<Part> = fc.record(
  { name: nameArb, filename: nameArb.map((n) => `${n}.bin`), data: dataArb, pad: fc.constantFrom('', ' ', '  ', '\t') },
  { requiredKeys: ['name', 'data', 'pad'] },
);
const boundaryArb = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 8, maxLength: 40 });

function body(parts: readonly Part[], boundary: string, preamble: string): Buffer {
  const chunks: Buffer[] = [Buffer.from(preamble ? `${preamble}\r\n` : '')];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}`;
    const type = p.filename === undefined ? '' : 'Content-Type: application/octet-stream\r\n';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition:${p.pad}${disposition}\r\n${type}\r\n`), Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

function readOurs(bytes: Buffer, boundary: string): Read {
  const form = decodeBody(bytes, { 'Content-Type': [`multipart/form-data; boundary=${boundary}`] }) as {
    values: Record<string, string[]>;
    files: Record<string, { filename: string; data: Uint8Array }[]>;
  };
  return {
    fields: Object.entries(form.values).flatMap(([name, list]) => list.map((v): [string, string] => [name, v])),
    files: Object.entries(form.files).flatMap(([name, list]) => list.map((f): [string, string, string] => [name, f.filename, Buffer.from(f.data).toString('hex')])),
  };
}

function readBusboy(bytes: Buffer, boundary: string): Promise<Read> {
  return new Promise((resolve, reject) => {
    const fields: [string, string][] = [];
    const files: [string, string, string][] = [];
    const bb = busboy({ headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, defParamCharset: 'utf8', preservePath: true, limits: { fieldSize: Infinity } });
    bb.on('field', (name, value) => fields.push([name, value]));
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => files.push([name, info.filename, Buffer.concat(chunks).toString('hex')]));
    });
    bb.on('error', reject);
    bb.on('close', () => resolve({ fields, files }));
    bb.end(bytes);
  });
}

/** Go's ReadForm groups by name (a map of lists); busboy streams in order: compare grouped, order kept per name. */
function grouped(read: Read): Read {
  const byName = <T extends [string, ...string[]]>(list: T[]): T[] => {
    const order = [...new Set(list.map((e) => e[0]))];
    return order.flatMap((n) => list.filter((e) => e[0] === n)).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  };
  return { fields: byName(read.fields), files: byName(read.files) };
}

describe('multipart reader: busboy as the oracle', () => {
  it('reads every generated CRLF body as busboy does (fields, files, filenames, bytes)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(partArb, { maxLength: 8 }), boundaryArb, fc.constantFrom('', 'preamble text'), async (parts, boundary, preamble) => {
        const bytes = body(parts, boundary, preamble);
        fc.pre(!bytes.subarray(0, bytes.length - boundary.length - 6).includes(`--${boundary}--`) && parts.every((p) => !Buffer.from(p.data).includes(boundary)));
        const ours = grouped(readOurs(bytes, boundary));
        expect(ours).toEqual(grouped(await readBusboy(bytes, boundary)));
        expect(ours.fields.length + ours.files.length).toBe(parts.length);
      }),
      { numRuns: 300 },
    );
  });
});

/** Edits that break a body where its syntax is. */
type Edit = { at: number; cut: number; piece: string };
const PIECES = ['', '\r\n', '\n', '--', '\r', ':', '"', ';', 'Content-Type: multipart/form-data; boundary=B\r\n', '\r\n--B', '\r\n--B--', '\u0000', ' \t'];

describe('multipart reader: hostile bodies', () => {
  const headers = (type: string): Headers => ({ 'Content-Type': [type] });

  it('answers a form or an invalid-multipart error for any edit of a valid body, never another failure', () => {
    fc.assert(
      fc.property(fc.array(partArb, { maxLength: 5 }), fc.array(fc.record({ at: fc.nat(), cut: fc.nat({ max: 8 }), piece: fc.constantFrom(...PIECES) }), { minLength: 1, maxLength: 6 }), (parts, edits: Edit[]) => {
        let bytes = body(parts, 'B', '');
        for (const e of edits) {
          const at = e.at % (bytes.length + 1);
          bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(e.piece), bytes.subarray(at + e.cut)]);
        }
        decodesOrRefuses(bytes, headers('multipart/form-data; boundary=B'));
      }),
      { numRuns: 500 },
    );
  });

  it('answers a form or an invalid-multipart error for arbitrary bytes and content types', () => {
    const typeArb = fc.constantFrom('multipart/form-data; boundary=B', 'multipart/form-data; boundary=', 'multipart/form-data', 'multipart/form-data; boundary="a b"', 'multipart/form-data; boundary=B; boundary=C');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), typeArb, (data, type) => decodesOrRefuses(Buffer.from(data), headers(type))),
      { numRuns: 500 },
    );
  });

  it('refuses more parts or header lines than Go reads, and parts nested too deep, with a message saying so', () => {
    const many = Buffer.from(`${'--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n'.repeat(1001)}--B--\r\n`);
    expect(() => decodeBody(many, headers('multipart/form-data; boundary=B'))).toThrow('invalid multipart body: multipart: message too large (more than 1000 parts)');
    const flood = Buffer.from(`--B\r\n${'X-A: 1\r\n'.repeat(10_001)}Content-Disposition: form-data; name="a"\r\n\r\nx\r\n--B--\r\n`);
    expect(() => decodeBody(flood, headers('multipart/form-data; boundary=B'))).toThrow('invalid multipart body: multipart: message too large (more than 10000 header lines)');
    let nested = Buffer.from('plain');
    for (let level = 0; level < 40; level++) {
      nested = Buffer.concat([Buffer.from(`--b${level}\r\nContent-Disposition: form-data; name="f"; filename="f"\r\nContent-Type: ${level === 0 ? 'text/plain' : `multipart/form-data; boundary=b${level - 1}`}\r\n\r\n`), nested, Buffer.from(`\r\n--b${level}--\r\n`)]);
    }
    expect(() => decodeBody(nested, headers('multipart/form-data; boundary=b39'))).toThrow(/^invalid multipart body: parts nested more than 16 levels deep$/);
  });
});

function decodesOrRefuses(bytes: Buffer, headers: Headers): void {
  if (bytes.length === 0) return void expect(decodeBody(bytes, headers)).toBe('');
  let form: unknown;
  try {
    form = decodeBody(bytes, headers);
  } catch (problem) {
    expect(problem).toBeInstanceOf(Error);
    expect((problem as Error).message).toMatch(/^invalid multipart body: /);
    return;
  }
  expect(Object.keys(form as object).sort()).toEqual(['files', 'values']);
}
