import { brotliCompressSync, brotliDecompressSync, deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Headers } from './codec.ts';
import { BodyTooLarge, bodyKind, canonicalHeaderName, contentTypeOffers, decodeBody, encodeBody } from './codec.ts';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));
const text = (body: Uint8Array | string): string => (typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));

describe('canonicalHeaderName', () => {
  it('canonicalises like Go textproto', () => {
    expect(canonicalHeaderName('content-type')).toBe('Content-Type');
    expect(canonicalHeaderName('x-request-id')).toBe('X-Request-Id');
    expect(canonicalHeaderName('CONTENT-LENGTH')).toBe('Content-Length');
    expect(canonicalHeaderName('Accept')).toBe('Accept');
    expect(canonicalHeaderName('www-authenticate')).toBe('Www-Authenticate');
    expect(canonicalHeaderName('x--y')).toBe('X--Y');
    expect(canonicalHeaderName('-a')).toBe('-A');
  });

  it('returns names with invalid characters unchanged', () => {
    expect(canonicalHeaderName('content type')).toBe('content type');
    expect(canonicalHeaderName('héllo')).toBe('héllo');
  });

  it('answers the same from its memo', () => {
    for (let i = 0; i < 1100; i++) canonicalHeaderName(`x-h${i}`);
    expect(canonicalHeaderName('x-h5')).toBe('X-H5');
    expect(canonicalHeaderName('x-h1099')).toBe('X-H1099');
  });
});

describe('bodyKind and contentTypeOffers', () => {
  it('classifies payloads', () => {
    expect(bodyKind(new Uint8Array(1))).toBe('binary');
    expect(bodyKind(Buffer.from('x'))).toBe('binary');
    expect(bodyKind('x')).toBe('string');
    expect(bodyKind([1])).toBe('list');
    expect(bodyKind({})).toBe('map');
    expect(bodyKind(new Map())).toBe('map');
    expect(bodyKind(new Error('e'))).toBe('map');
    expect(bodyKind(1)).toBe('other');
    expect(bodyKind(true)).toBe('other');
    expect(bodyKind(null)).toBe('other');
    expect(bodyKind(undefined)).toBe('other');
  });

  it('offers per §4.2 step 3, as shared arrays', () => {
    expect(contentTypeOffers(new Uint8Array())).toEqual(['application/octet-stream']);
    expect(contentTypeOffers('x')).toEqual(['text/plain; charset=utf-8', 'application/json; charset=utf-8']);
    expect(contentTypeOffers([])).toEqual(['application/json; charset=utf-8']);
    expect(contentTypeOffers({})).toEqual([
      'application/json; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
    ]);
    expect(contentTypeOffers(new Error('e'))).toBe(contentTypeOffers({}));
    expect(contentTypeOffers(1)).toEqual(['application/json; charset=utf-8']);
    expect(contentTypeOffers(null)).toBe(contentTypeOffers([]));
    expect(contentTypeOffers('a')).toBe(contentTypeOffers('b'));
  });
});

describe('decodeBody: detection without Content-Type', () => {
  const detect = (body: string | Uint8Array): { value: unknown; type: string | undefined } => {
    const headers: Headers = {};
    const value = decodeBody(typeof body === 'string' ? bytes(body) : body, headers);
    return { value, type: headers['Content-Type']?.[0] };
  };

  it('empty body → "" and text/plain', () => {
    expect(detect('')).toEqual({ value: '', type: 'text/plain; charset=utf-8' });
  });

  it('valid JSON → application/json', () => {
    expect(detect('{"b":1,"a":[true]}')).toEqual({ value: { b: 1, a: [true] }, type: 'application/json; charset=utf-8' });
    expect(detect(' 123 ')).toEqual({ value: 123, type: 'application/json; charset=utf-8' });
    expect(detect('"s"')).toEqual({ value: 's', type: 'application/json; charset=utf-8' });
  });

  it('XML → application/xml (decoded as bytes)', () => {
    const xml = '<?xml version="1.0"?>\n<!-- c --><root a="1"><child>v &amp; w</child><e/><![CDATA[<x>]]></root>';
    const { value, type } = detect(xml);
    expect(type).toBe('application/xml; charset=utf-8');
    expect(value).toBeInstanceOf(Uint8Array);
    expect(text(value as Uint8Array)).toBe(xml);
    expect(detect('  <a/>').type).toBe('application/xml; charset=utf-8');
  });

  it('malformed XML is not XML', () => {
    expect(detect('<a><b></a>').type).toBe('text/plain; charset=utf-8');
    expect(detect('<a>').type).toBe('text/plain; charset=utf-8');
    expect(detect('<a x></a>').type).toBe('text/plain; charset=utf-8');
    // Not XML (unquoted attribute) but a valid query string, as in Go.
    expect(detect('<a x=1></a>').type).toBe('application/x-www-form-urlencoded');
    expect(detect('<a>&bogus;</a>').type).toBe('text/plain; charset=utf-8');
    expect(detect('< a></a>').type).toBe('text/plain; charset=utf-8');
  });

  it('query strings → form', () => {
    expect(detect('a=1')).toEqual({ value: { a: ['1'] }, type: 'application/x-www-form-urlencoded' });
    expect(detect('key=value&foo=bar&key=2')).toEqual({
      value: { key: ['value', '2'], foo: ['bar'] },
      type: 'application/x-www-form-urlencoded',
    });
    expect(detect('a+b=c%20d')).toEqual({ value: { 'a b': ['c d'] }, type: 'application/x-www-form-urlencoded' });
  });

  it('bare words and invalid queries are text', () => {
    expect(detect('hello')).toEqual({ value: 'hello', type: 'text/plain; charset=utf-8' });
    expect(detect('Hello, World!')).toEqual({ value: 'Hello, World!', type: 'text/plain; charset=utf-8' });
    expect(detect('a=1;b=2').type).toBe('text/plain; charset=utf-8');
    expect(detect('a=%zz').type).toBe('text/plain; charset=utf-8');
  });

  it('binary → application/octet-stream (bytes)', () => {
    const raw = new Uint8Array([0x00, 0xff]);
    const { value, type } = detect(raw);
    expect(type).toBe('application/octet-stream');
    expect(value).toEqual(raw);
    expect(detect(new Uint8Array([0xff, 0xfe, 0x41])).type).toBe('application/octet-stream');
    expect(detect(new Uint8Array([0x41, 0x01])).type).toBe('application/octet-stream');
  });

  it('UTF-8 text → text/plain', () => {
    expect(detect('héllo wörld ✓\n')).toEqual({ value: 'héllo wörld ✓\n', type: 'text/plain; charset=utf-8' });
  });

  it('does not overwrite a Content-Type that is present', () => {
    const headers: Headers = { 'Content-Type': ['text/plain'] };
    expect(decodeBody(bytes('{"a":1}'), headers)).toBe('{"a":1}');
    expect(headers['Content-Type']).toEqual(['text/plain']);
  });

  it('treats an empty Content-Type value as missing', () => {
    const headers: Headers = { 'Content-Type': [''] };
    expect(decodeBody(bytes('{"a":1}'), headers)).toEqual({ a: 1 });
    expect(headers['Content-Type']).toEqual(['application/json; charset=utf-8']);
  });
});

describe('decodeBody: by media type', () => {
  const decode = (body: string | Uint8Array, type: string, more: Headers = {}): unknown =>
    decodeBody(typeof body === 'string' ? bytes(body) : body, { 'Content-Type': [type], ...more });

  it('JSON, with or without parameters, and +json', () => {
    expect(decode('{"a":1}', 'application/json')).toEqual({ a: 1 });
    expect(decode('[1,2]', 'Application/JSON; charset=utf-8')).toEqual([1, 2]);
    expect(decode('{"x":null}', 'application/problem+json')).toEqual({ x: null });
  });

  it('JSON errors say what failed', () => {
    expect(() => decode('{"a":', 'application/json')).toThrow(/^invalid JSON body: /);
    expect(() => decode('nope', 'application/json')).toThrow(/^invalid JSON body: /);
  });

  it('form → map of string lists', () => {
    expect(decode('a=1&a=2&b=&c', 'application/x-www-form-urlencoded')).toEqual({ a: ['1', '2'], b: [''], c: [''] });
    expect(decode('%E2%9C%93=%2B+x', 'application/x-www-form-urlencoded')).toEqual({ '✓': ['+ x'] });
    expect(decode('__proto__=1', 'application/x-www-form-urlencoded')).toEqual(JSON.parse('{"__proto__":["1"]}'));
  });

  it('form errors say what failed', () => {
    expect(() => decode('a=%zz', 'application/x-www-form-urlencoded')).toThrow('invalid form body: invalid URL escape "%zz"');
    expect(() => decode('a=1;b=2', 'application/x-www-form-urlencoded')).toThrow(
      'invalid form body: invalid semicolon separator in query',
    );
  });

  it('text/* → string', () => {
    expect(decode('héllo', 'text/plain; charset=utf-8')).toBe('héllo');
    expect(decode('<p>x</p>', 'text/html')).toBe('<p>x</p>');
  });

  it('anything else → bytes', () => {
    const value = decode('<a/>', 'application/xml');
    expect(value).toBeInstanceOf(Uint8Array);
    expect(text(value as Uint8Array)).toBe('<a/>');
    expect(decode(new Uint8Array([1, 2, 3]), 'image/png')).toEqual(new Uint8Array([1, 2, 3]));
    expect(decode('x', 'not a media type')).toEqual(bytes('x'));
  });

  it('an empty body is always ""', () => {
    expect(decode('', 'application/json')).toBe('');
    expect(decode('', 'application/octet-stream')).toBe('');
    expect(decode('', 'application/json', { 'Content-Encoding': ['gzip'] })).toBe('');
    expect(decode(gzipSync(''), 'application/json', { 'Content-Encoding': ['gzip'] })).toBe('');
  });
});

describe('decodeBody: Content-Encoding', () => {
  it('decompresses gzip, deflate (zlib) and br', () => {
    const json = Buffer.from('{"a":1}');
    expect(decodeBody(gzipSync(json), { 'Content-Encoding': ['gzip'] })).toEqual({ a: 1 });
    expect(decodeBody(deflateSync(json), { 'Content-Encoding': ['deflate'] })).toEqual({ a: 1 });
    expect(decodeBody(brotliCompressSync(json), { 'Content-Encoding': ['br'] })).toEqual({ a: 1 });
    expect(decodeBody(gzipSync(json), { 'Content-Encoding': [' GZIP '] })).toEqual({ a: 1 });
  });

  it('passes identity and unknown encodings through', () => {
    expect(decodeBody(bytes('hi'), { 'Content-Encoding': ['identity'] })).toBe('hi');
    expect(decodeBody(bytes('hi'), { 'Content-Encoding': ['compress'] })).toBe('hi');
  });

  it('reports corrupt compressed data', () => {
    expect(() => decodeBody(bytes('not gzip'), { 'Content-Encoding': ['gzip'] })).toThrow(/^invalid gzip body: /);
    expect(() => decodeBody(bytes('not zlib'), { 'Content-Encoding': ['deflate'] })).toThrow(/^invalid deflate body: /);
    expect(() => decodeBody(bytes('not br!!'), { 'Content-Encoding': ['br'] })).toThrow(/^invalid br body: /);
  });
});

describe('decodeBody: the decoded-size limit', () => {
  const MiB = 1024 * 1024;
  const zeros = Buffer.alloc(8 * MiB);
  const bombs = { gzip: gzipSync(zeros), deflate: deflateSync(zeros), br: brotliCompressSync(zeros) };

  for (const [encoding, bomb] of Object.entries(bombs)) {
    it(`a ${encoding} body that inflates past maxSize is refused while inflating`, () => {
      expect(bomb.byteLength).toBeLessThan(64 * 1024);
      const headers = { 'Content-Type': ['application/octet-stream'], 'Content-Encoding': [encoding] };
      expect(() => decodeBody(bomb, headers, { maxSize: MiB })).toThrow(BodyTooLarge);
      expect(() => decodeBody(bomb, headers, { maxSize: MiB })).toThrow(`request body larger than ${MiB} bytes once decoded`);
      expect((decodeBody(bomb, headers, { maxSize: 8 * MiB }) as Uint8Array).byteLength).toBe(8 * MiB);
    });
  }

  it('the parts of a multipart body share one limit', () => {
    const part = gzipSync(Buffer.alloc(600 * 1024, 'a'));
    const one = (name: string): Buffer =>
      Buffer.concat([
        Buffer.from(`--q\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\n\r\n`),
        part,
        Buffer.from('\r\n'),
      ]);
    const body = Buffer.concat([one('a'), one('b'), Buffer.from('--q--\r\n')]);
    const headers = (): Headers => ({ 'Content-Type': ['multipart/form-data; boundary=q'] });
    expect(() => decodeBody(body, headers(), { maxSize: MiB })).toThrow(BodyTooLarge);
    const form = decodeBody(body, headers(), { maxSize: 2 * MiB }) as { files: Record<string, Array<{ data: string }>> };
    expect(form.files.b![0]!.data).toHaveLength(600 * 1024);
  });
});

describe('decodeBody: JSON numbers a 64-bit float cannot hold', () => {
  it('are an error whether the type was given or detected, never Infinity', () => {
    expect(() => decodeBody(bytes('{"n":1e400}'), { 'Content-Type': ['application/json'] })).toThrow('invalid JSON body: a number is out of range');
    expect(() => decodeBody(bytes('[1e400]'), {})).toThrow('invalid JSON body: a number is out of range');
  });
});

describe('decodeBody: multipart/form-data', () => {
  const body = [
    'preamble',
    '--XyZ',
    'Content-Disposition: form-data; name="title"',
    '',
    'hello',
    '--XyZ',
    'Content-Disposition: form-data; name="title"',
    '',
    'second',
    '--XyZ',
    'Content-Disposition: form-data; name="doc"; filename="dir/a.json"',
    'Content-Type: application/json',
    '',
    '{"k":"v"}',
    '--XyZ',
    'content-disposition: form-data; name="raw"; filename="b.bin"',
    '',
    'plain text',
    '--XyZ',
    'Content-Disposition: attachment; name="ignored"',
    '',
    'x',
    '--XyZ--',
    'epilogue',
  ];

  it('decodes values and files, files by their own headers', () => {
    const value = decodeBody(bytes(body.join('\r\n')), { 'Content-Type': ['multipart/form-data; boundary=XyZ'] });
    expect(value).toEqual({
      values: { title: ['hello', 'second'] },
      files: {
        doc: [
          {
            filename: 'a.json',
            header: { 'Content-Disposition': ['form-data; name="doc"; filename="dir/a.json"'], 'Content-Type': ['application/json'] },
            size: 9,
            data: { k: 'v' },
          },
        ],
        raw: [
          {
            filename: 'b.bin',
            header: {
              'Content-Disposition': ['form-data; name="raw"; filename="b.bin"'],
              'Content-Type': ['text/plain; charset=utf-8'],
            },
            size: 10,
            data: 'plain text',
          },
        ],
      },
    });
  });

  it('accepts bare LF line endings', () => {
    const value = decodeBody(bytes(body.join('\n')), { 'Content-Type': ['multipart/form-data; boundary="XyZ"'] });
    expect((value as { values: unknown }).values).toEqual({ title: ['hello', 'second'] });
  });

  it('keeps binary part data intact', () => {
    const data = Buffer.from([0, 1, 2, 13, 10, 45, 45, 255]);
    const raw = Buffer.concat([
      Buffer.from('--b\r\nContent-Disposition: form-data; name="f"; filename="x"\r\nContent-Type: image/png\r\n\r\n'),
      data,
      Buffer.from('\r\n--b--\r\n'),
    ]);
    const value = decodeBody(raw, { 'Content-Type': ['multipart/form-data; boundary=b'] }) as {
      files: Record<string, { data: Uint8Array; size: number }[]>;
    };
    expect(Buffer.from(value.files.f![0]!.data)).toEqual(data);
    expect(value.files.f![0]!.size).toBe(8);
  });

  it('reports malformed multipart bodies', () => {
    expect(() => decodeBody(bytes('x'), { 'Content-Type': ['multipart/form-data'] })).toThrow(
      'invalid multipart body: multipart: missing boundary',
    );
    expect(() => decodeBody(bytes('no parts here'), { 'Content-Type': ['multipart/form-data; boundary=q'] })).toThrow(
      /^invalid multipart body: /,
    );
    expect(() =>
      decodeBody(bytes('--q\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated'), {
        'Content-Type': ['multipart/form-data; boundary=q'],
      }),
    ).toThrow(/^invalid multipart body: /);
  });

  it('an empty multipart (just the final boundary) has no values or files', () => {
    expect(decodeBody(bytes('--q--\r\n'), { 'Content-Type': ['multipart/form-data; boundary=q'] })).toEqual({
      values: {},
      files: {},
    });
  });
});

describe('encodeBody', () => {
  it('common path: a string under text/plain comes back as the same string', () => {
    const headers: Headers = { 'Content-Type': ['text/plain; charset=utf-8'] };
    expect(encodeBody('pong', headers)).toBe('pong');
  });

  it('uses and records the first offer without Content-Type', () => {
    const cases: [unknown, string, string][] = [
      ['pong', 'text/plain; charset=utf-8', 'pong'],
      [{ b: 1, a: 2 }, 'application/json; charset=utf-8', '{"a":2,"b":1}\n'],
      [[1, 2], 'application/json; charset=utf-8', '[1,2]\n'],
      [1, 'application/json; charset=utf-8', '1\n'],
      [null, 'application/json; charset=utf-8', 'null\n'],
      [new Error('x'), 'application/json; charset=utf-8', '{}\n'],
    ];
    for (const [value, type, body] of cases) {
      const headers: Headers = {};
      expect(text(encodeBody(value, headers))).toBe(body);
      expect(headers['Content-Type']).toEqual([type]);
    }
    const headers: Headers = {};
    const raw = new Uint8Array([0, 255]);
    expect(encodeBody(raw, headers)).toBe(raw);
    expect(headers['Content-Type']).toEqual(['application/octet-stream']);
  });

  it('JSON-encodes a string under application/json', () => {
    expect(encodeBody('pong', { 'Content-Type': ['application/json; charset=utf-8'] })).toBe('"pong"\n');
    expect(encodeBody({ x: '<' }, { 'Content-Type': ['application/vnd.api+json'] })).toBe('{"x":"\\u003c"}\n');
  });

  it('form-encodes maps of string lists', () => {
    const headers: Headers = { 'Content-Type': ['application/x-www-form-urlencoded'] };
    expect(encodeBody({ b: ['2', '3'], a: 'x y', c: 1.5, d: true, e: null, 'k&=': '✓' }, headers)).toBe(
      'a=x+y&b=2&b=3&c=1.5&d=true&e=&k%26%3D=%E2%9C%93',
    );
    expect(encodeBody(new Map([['q', "!'()*~-_."]]), headers)).toBe("q=%21%27%28%29%2A~-_.");
  });

  it('refuses nested maps and non-maps for forms', () => {
    const headers: Headers = { 'Content-Type': ['application/x-www-form-urlencoded'] };
    expect(() => encodeBody({ a: { b: 1 } }, headers)).toThrow('unsupported type');
    expect(() => encodeBody({ a: [[1]] }, headers)).toThrow('unsupported type');
    expect(() => encodeBody('a=1', headers)).toThrow('unsupported type');
    expect(() => encodeBody([1], headers)).toThrow('unsupported type');
  });

  it('writes strings and bytes raw under other types, refuses anything else', () => {
    expect(encodeBody('<a/>', { 'Content-Type': ['application/xml'] })).toBe('<a/>');
    const raw = new Uint8Array([1, 2]);
    expect(encodeBody(raw, { 'Content-Type': ['text/plain'] })).toBe(raw);
    expect(() => encodeBody({ a: 1 }, { 'Content-Type': ['text/plain'] })).toThrow('unsupported type');
    expect(() => encodeBody(1, { 'Content-Type': ['application/octet-stream'] })).toThrow('unsupported type');
  });

  it('refuses a malformed Content-Type', () => {
    expect(() => encodeBody('x', { 'Content-Type': ['text/plain; charset'] })).toThrow('invalid Content-Type: text/plain; charset');
  });

  it('compresses per Content-Encoding', () => {
    const gz = encodeBody('pong', { 'Content-Type': ['text/plain'], 'Content-Encoding': ['gzip'] });
    expect(gunzipSync(gz).toString()).toBe('pong');
    const df = encodeBody({ a: 1 }, { 'Content-Encoding': ['deflate'] });
    expect(inflateSync(df).toString()).toBe('{"a":1}\n');
    const br = encodeBody(new Uint8Array([9, 8]), { 'Content-Encoding': ['br'] });
    expect([...brotliDecompressSync(br)]).toEqual([9, 8]);
    expect(encodeBody('pong', { 'Content-Encoding': ['identity'] })).toBe('pong');
    expect(encodeBody('pong', { 'Content-Encoding': ['compress'] })).toBe('pong');
  });
});

describe('round trips', () => {
  const values: unknown[] = ['pong', '', { b: [1, 'x'], a: { c: null } }, [true, 2.5], new Uint8Array([0, 1, 255])];
  for (const encoding of ['gzip', 'deflate', 'br', 'identity', undefined]) {
    it(`encode → decode with ${encoding ?? 'no'} encoding`, () => {
      for (const value of values) {
        const headers: Headers = encoding ? { 'Content-Encoding': [encoding] } : {};
        const body = encodeBody(value, headers);
        const decoded = decodeBody(typeof body === 'string' ? bytes(body) : body, headers);
        expect(decoded).toEqual(value);
      }
    });
  }

  it('multipart encode → decode', () => {
    const headers: Headers = { 'Content-Type': ['multipart/form-data'] };
    const value = {
      values: { name: ['ada', 'bob'] },
      files: { doc: [{ filename: 'a.json', data: { k: [1] } }], pic: { data: new Uint8Array([0, 13, 10, 45, 45]) } },
      note: 'hi "there"',
    };
    const body = encodeBody(value, headers);
    const type = headers['Content-Type']![0]!;
    expect(type).toMatch(/^multipart\/form-data; boundary=[0-9a-f]{60}$/);
    const decoded = decodeBody(typeof body === 'string' ? bytes(body) : body, headers) as {
      values: Record<string, string[]>;
      files: Record<string, { filename: string; header: Headers; data: unknown; size: number }[]>;
    };
    expect(decoded.values).toEqual({ name: ['ada', 'bob'], note: ['hi "there"'] });
    expect(decoded.files.doc![0]!.filename).toBe('a.json');
    expect(decoded.files.doc![0]!.data).toEqual({ k: [1] });
    expect(decoded.files.doc![0]!.header['Content-Type']).toEqual(['application/json; charset=utf-8']);
    expect(decoded.files.pic![0]!.filename).toBe('pic');
    expect(decoded.files.pic![0]!.data).toEqual(new Uint8Array([0, 13, 10, 45, 45]));
    expect(decoded.files.pic![0]!.size).toBe(5);
  });

  it('multipart with a given boundary writes Go multipart.Writer output', () => {
    const headers: Headers = { 'Content-Type': ['multipart/form-data; boundary=BB'] };
    const body = encodeBody({ a: 'x', n: 1 }, headers);
    expect(text(body)).toBe(
      '--BB\r\nContent-Disposition: form-data; name="a"\r\n\r\nx' +
        '\r\n--BB\r\nContent-Disposition: form-data; name="n"\r\n\r\n1\n' +
        '\r\n--BB--\r\n',
    );
    expect(text(encodeBody('not a map', headers))).toBe('--BB--\r\n');
  });
});
